/** Stored-file reads one client may have open at once; past it the answer is 429 with Retry-After. */
export const MAX_PARALLEL_READS = 4;

/** Live-progress streams one user may have open at once; the next one gets 429. */
export const MAX_CAPTURE_STREAMS = 6;

/**
 * Long-lived requests open per client (a signed-in user, or a share link for its anonymous readers): a slow or hostile
 * client holding many downloads or streams open cannot tie up the server's file handles and sockets for everyone else.
 */
export class ClientSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** A release function (call it once the read is over), or null when the client already has `limit` reads open. */
  acquire(client: string): (() => void) | null {
    const count = this.open.get(client) ?? 0;
    if (count >= this.limit) return null;
    this.open.set(client, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    };
  }

  openFor(client: string): number {
    return this.open.get(client) ?? 0;
  }
}

const shared = globalThis as { kuraReadSlots?: ClientSlots; kuraStreamSlots?: ClientSlots };
/** The process's read slots, one table for every route that serves stored files. */
export function readSlots(): ClientSlots {
  shared.kuraReadSlots ??= new ClientSlots(MAX_PARALLEL_READS);
  return shared.kuraReadSlots;
}

/** The process's live-progress stream slots, per user. */
export function captureStreamSlots(): ClientSlots {
  shared.kuraStreamSlots ??= new ClientSlots(MAX_CAPTURE_STREAMS);
  return shared.kuraStreamSlots;
}
