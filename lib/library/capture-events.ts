import { bestEffort } from "@/lib/log/best-effort";
import { captureStreamSlots } from "./client-slots";
import { captureUpdatesSince, CURSOR_TRAIL_MS, progressClock, type CaptureUpdate } from "./progress";

// Live capture progress as server-sent events. The database is the only channel between the web server and the
// workers (which may be other processes), so it is polled — by one poller shared by every open stream, each taking
// the entries it asked for; each event's id is the poll cursor, so a browser that reconnects (EventSource sends
// Last-Event-ID) picks up where it left off.

/** What the browser receives for one entry (dates as ISO strings). */
export type CaptureEvent = Omit<CaptureUpdate, "runAt" | "updatedAt"> & { runAt: string };

export const MAX_LINK_FILTER = 200;

export type CaptureStreamOptions = {
  /** Report changes after this time (from Last-Event-ID or the page's render time); null: every pending capture. */
  since: Date | null;
  linkIds?: number[];
  signal?: AbortSignal;
  /** The shared poll's interval (streams asking for the same interval share one poller). */
  pollMs?: number;
  /** The poller to listen to (default: the process's poller for `pollMs`). */
  poller?: CapturePoller;
  heartbeatMs?: number;
  /** The stream ends after this long; EventSource reconnects on its own (with Last-Event-ID). */
  lifetimeMs?: number;
  /** Reconnect delay the browser is told to use. */
  retryMs?: number;
};

/** Parses a cursor (milliseconds since 1970, as sent in event ids); null when absent or not a plausible time. */
export function parseCursor(value: string | null | undefined): Date | null {
  if (!value || !/^\d{1,15}$/.test(value.trim())) return null;
  const ms = Number(value.trim());
  return ms > 0 && ms < 8.64e15 ? new Date(ms) : null;
}

/**
 * Parses `?links=1,2,3`: undefined when absent (every entry), the ids when valid, or an error message for a
 * malformed list (the route answers 400).
 */
export function parseLinkFilter(value: string | null): { ids?: number[] } | { error: string } {
  if (value === null) return {};
  const parts = value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > MAX_LINK_FILTER || parts.some((p) => !/^[1-9]\d{0,9}$/.test(p))) {
    return { error: `links must be a comma-separated list of 1 to ${MAX_LINK_FILTER} entry ids.` };
  }
  return { ids: [...new Set(parts.map(Number))] };
}

export function toCaptureEvent(update: CaptureUpdate): CaptureEvent {
  return {
    linkId: update.linkId,
    snapshotId: update.snapshotId,
    status: update.status,
    stage: update.stage,
    error: update.error,
    jobState: update.jobState,
    attempts: update.attempts,
    maxAttempts: update.maxAttempts,
    runAt: update.runAt.toISOString(),
  };
}

/** One SSE message (`event: capture`), with the cursor as its id. */
export function formatCaptureEvent(event: CaptureEvent, cursor: Date): string {
  return `event: capture\nid: ${cursor.getTime()}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Turns successive polls into events: the cursor trails, so a poll may report an update already sent — only what
 * changed since the last event of that snapshot goes out.
 */
export class CaptureEventFilter {
  private readonly sent = new Map<number, string>();

  take(updates: CaptureUpdate[]): CaptureEvent[] {
    const out: CaptureEvent[] = [];
    for (const update of updates) {
      const event = toCaptureEvent(update);
      const key = JSON.stringify(event);
      if (this.sent.get(event.snapshotId) === key) continue;
      this.sent.set(event.snapshotId, key);
      out.push(event);
    }
    return out;
  }
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

type PollResult = { cursor: Date; updates: CaptureUpdate[] };

/**
 * One database poll every `pollMs` for all the streams waiting on it, however many there are (150 open pages cost one
 * query, not 150); it polls only while someone listens. The updates are for every entry: each stream filters.
 */
export class CapturePoller {
  private readonly waiters = new Set<(result: PollResult | null) => void>();
  private running = false;

  constructor(
    readonly pollMs: number,
    private readonly query: (since: Date) => Promise<PollResult> = (since) => captureUpdatesSince(since),
  ) {}

  /** The next poll's result, or null when it failed (the database was busy) or `signal` ended the wait. */
  next(signal: AbortSignal): Promise<PollResult | null> {
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = (result: PollResult | null) => {
        signal.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const onAbort = () => {
        this.waiters.delete(waiter);
        resolve(null);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(waiter);
      if (!this.running) void this.run();
    });
  }

  get listeners(): number {
    return this.waiters.size;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      // Each stream read everything up to its own start itself; the shared cursor trails from when polling began.
      const began = (await bestEffort(progressClock(), "reading the database's time for the live pages' poll (this machine's is used instead)")) ?? Date.now();
      let cursor = new Date(began - CURSOR_TRAIL_MS);
      while (this.waiters.size > 0) {
        await sleep(this.pollMs);
        if (this.waiters.size === 0) break;
        // A busy or briefly locked database: the streams hear nothing this time and wait for the next poll.
        const result = await bestEffort(this.query(cursor), "polling capture updates for the live pages (the database may be busy)");
        if (result) cursor = result.cursor;
        // Streams that started waiting while the query ran get this result too: their own first read overlaps it.
        const waiting = [...this.waiters];
        this.waiters.clear();
        for (const waiter of waiting) waiter(result ?? null);
      }
    } finally {
      this.running = false;
    }
  }
}

const pollers = new Map<number, CapturePoller>();
function sharedPoller(pollMs: number): CapturePoller {
  let poller = pollers.get(pollMs);
  if (!poller) pollers.set(pollMs, (poller = new CapturePoller(pollMs)));
  return poller;
}

/**
 * The event stream body: catches up once from `since` with its own query, then takes the shared poller's results
 * (every `pollMs`), sends changed entries, a comment as heartbeat, and ends after `lifetimeMs` or when the client goes
 * away (`signal`, or the stream is cancelled).
 */
export function captureEventStream(options: CaptureStreamOptions): ReadableStream<Uint8Array> {
  const poller = options.poller ?? sharedPoller(options.pollMs ?? 500);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const lifetimeMs = options.lifetimeMs ?? 5 * 60_000;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => stop.abort();
  let cancelled = false;
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });
  const wanted = options.linkIds ? new Set(options.linkIds) : null;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const filter = new CaptureEventFilter();
      const lifetime = setTimeout(() => stop.abort(), lifetimeMs);
      let cursor = options.since;
      let lastWrite = Date.now();
      const deliver = (result: PollResult | null | undefined) => {
        if (!result) return;
        cursor = result.cursor;
        const events = filter.take(wanted ? result.updates.filter((u) => wanted.has(u.linkId)) : result.updates);
        for (const event of events) send(formatCaptureEvent(event, result.cursor));
        if (events.length > 0) lastWrite = Date.now();
      };
      send(`retry: ${options.retryMs ?? 1000}\n: connected\n\n`);
      try {
        deliver(
          await bestEffort(
            captureUpdatesSince(cursor, options.linkIds),
            "reading capture updates for a live page (the database may be busy); the next poll catches up",
          ),
        );
        while (!stop.signal.aborted) {
          deliver(await poller.next(stop.signal));
          if (!stop.signal.aborted && Date.now() - lastWrite >= heartbeatMs) {
            // A comment keeps proxies from closing an idle connection; the id-only message moves the resume point.
            send(cursor ? `: heartbeat\nid: ${cursor.getTime()}\n\n` : `: heartbeat\n\n`);
            lastWrite = Date.now();
          }
        }
      } finally {
        clearTimeout(lifetime);
        outer?.removeEventListener("abort", onOuterAbort);
        // A cancelled stream is closed already (closing it again throws).
        if (!cancelled) controller.close();
      }
    },
    cancel() {
      cancelled = true;
      stop.abort();
    },
  });
}

/**
 * A live-progress stream for one user, or null when they already have MAX_CAPTURE_STREAMS (client-slots.ts) open (the route answers
 * 429): the slot is given back when the stream ends, however it ends.
 */
export function userCaptureEventStream(userId: number, options: CaptureStreamOptions): ReadableStream<Uint8Array> | null {
  const release = captureStreamSlots().acquire(`user:${userId}`);
  if (!release) return null;
  // A client that goes away may never read or cancel again: its leaving gives the slot back too.
  options.signal?.addEventListener("abort", release, { once: true });
  const inner = captureEventStream(options);
  const reader = inner.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await reader.read();
        if (next.done) {
          release();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await reader.cancel(reason);
    },
  });
}
