/** Stored-file reads one client may have open at once; past it a read waits its turn, then gets 429 with Retry-After. */
export const MAX_PARALLEL_READS = 4;

/**
 * How long a read past the limit waits for a slot. A browser opening a library page asks for up to six thumbnails at
 * once over HTTP/1.1: those short reads queue for a moment instead of failing; only a client whose reads stay open
 * (a slow or hostile download) is turned away.
 */
export const READ_WAIT_MS = 2_000;

/** Reads one client may have waiting at once; more are refused at once, so waiting costs the server little. */
export const MAX_WAITING_READS = 16;

/** Live-progress streams one user may have open at once; the next one gets 429. */
export const MAX_CAPTURE_STREAMS = 6;

type Waiter = { grant: (release: () => void) => void };

/**
 * Long-lived requests open per client (a signed-in user, or a share link for its anonymous readers): a slow or hostile
 * client holding many downloads or streams open cannot tie up the server's file handles and sockets for everyone else.
 */
export class ClientSlots {
  private readonly open = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(
    private readonly limit: number,
    private readonly maxWaiting = 0,
  ) {}

  /** A release function (call it once the read is over), or null when the client already has `limit` reads open. */
  acquire(client: string): (() => void) | null {
    const count = this.open.get(client) ?? 0;
    if (count >= this.limit) return null;
    this.open.set(client, count + 1);
    return this.releaser(client);
  }

  /**
   * A slot now, or the first one the client gives back within `waitMs` (first come, first served), else null: when the
   * wait runs out, when the request is aborted meanwhile, or when the client already has `maxWaiting` reads waiting.
   */
  async acquireWithin(client: string, waitMs: number, signal?: AbortSignal): Promise<(() => void) | null> {
    const now = this.acquire(client);
    if (now) return now;
    const queue = this.waiting.get(client) ?? [];
    if (queue.length >= this.maxWaiting || signal?.aborted) return null;
    return new Promise((resolve) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", leave);
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        if (queue.length === 0 && this.waiting.get(client) === queue) this.waiting.delete(client);
        resolve(null);
      };
      const waiter: Waiter = {
        grant: (release) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", leave);
          resolve(release);
        },
      };
      const timer = setTimeout(leave, waitMs);
      signal?.addEventListener("abort", leave, { once: true });
      queue.push(waiter);
      this.waiting.set(client, queue);
    });
  }

  openFor(client: string): number {
    return this.open.get(client) ?? 0;
  }

  waitingFor(client: string): number {
    return this.waiting.get(client)?.length ?? 0;
  }

  /** Gives the slot back once: straight to the first waiting read of that client, if any (the count stays). */
  private releaser(client: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const queue = this.waiting.get(client);
      const next = queue?.shift();
      if (queue && queue.length === 0) this.waiting.delete(client);
      if (next) return next.grant(this.releaser(client));
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    };
  }
}

const shared = globalThis as { kuraReadSlots?: ClientSlots; kuraStreamSlots?: ClientSlots };
/** The process's read slots, one table for every route that serves stored files. */
export function readSlots(): ClientSlots {
  shared.kuraReadSlots ??= new ClientSlots(MAX_PARALLEL_READS, MAX_WAITING_READS);
  return shared.kuraReadSlots;
}

/** The process's live-progress stream slots, per user. */
export function captureStreamSlots(): ClientSlots {
  shared.kuraStreamSlots ??= new ClientSlots(MAX_CAPTURE_STREAMS);
  return shared.kuraStreamSlots;
}
