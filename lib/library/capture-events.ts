import { bestEffort } from "@/lib/log/best-effort";
import { captureUpdatesSince, type CaptureUpdate } from "./progress";

// Live capture progress as server-sent events. The database is the only channel between the web server and the
// workers (which may be other processes), so the stream polls it; each event's id is the poll cursor, so a browser
// that reconnects (EventSource sends Last-Event-ID) picks up where it left off.

/** What the browser receives for one entry (dates as ISO strings). */
export type CaptureEvent = Omit<CaptureUpdate, "runAt" | "updatedAt"> & { runAt: string };

export const MAX_LINK_FILTER = 200;

export type CaptureStreamOptions = {
  /** Report changes after this time (from Last-Event-ID or the page's render time); null: every pending capture. */
  since: Date | null;
  linkIds?: number[];
  signal?: AbortSignal;
  pollMs?: number;
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

/**
 * The event stream body: polls `captureUpdatesSince` every `pollMs`, sends changed entries, a comment as heartbeat,
 * and ends after `lifetimeMs` or when the client goes away (`signal`, or the stream is cancelled).
 */
export function captureEventStream(options: CaptureStreamOptions): ReadableStream<Uint8Array> {
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const lifetimeMs = options.lifetimeMs ?? 5 * 60_000;
  const encoder = new TextEncoder();
  const stop = new AbortController();
  const outer = options.signal;
  const onOuterAbort = () => stop.abort();
  let cancelled = false;
  if (outer?.aborted) stop.abort();
  else outer?.addEventListener("abort", onOuterAbort, { once: true });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        if (!stop.signal.aborted) controller.enqueue(encoder.encode(text));
      };
      const filter = new CaptureEventFilter();
      const endAt = Date.now() + lifetimeMs;
      let cursor = options.since;
      let lastWrite = Date.now();
      send(`retry: ${options.retryMs ?? 1000}\n: connected\n\n`);
      try {
        while (!stop.signal.aborted && Date.now() < endAt) {
          // A busy or briefly locked database: try again at the next poll rather than ending the stream.
          const result = await bestEffort(captureUpdatesSince(cursor, options.linkIds), "polling capture updates for a live page (the database may be busy)");
          if (result) {
            cursor = result.cursor;
            const events = filter.take(result.updates);
            for (const event of events) send(formatCaptureEvent(event, result.cursor));
            if (events.length > 0) lastWrite = Date.now();
          }
          if (Date.now() - lastWrite >= heartbeatMs) {
            // A comment keeps proxies from closing an idle connection; the id-only message moves the resume point.
            send(cursor ? `: heartbeat\nid: ${cursor.getTime()}\n\n` : `: heartbeat\n\n`);
            lastWrite = Date.now();
          }
          await sleep(Math.min(pollMs, Math.max(0, endAt - Date.now())), stop.signal);
        }
      } finally {
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
