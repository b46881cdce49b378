/**
 * Failed-login throttle: at most `limit` failures per key within `windowMs`. In memory, per process — enough for
 * one self-hosted server; a restart forgives, which is acceptable for a throttle (not a lockout).
 */
export class FailureThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until another attempt is allowed, or 0. */
  retryAfterMs(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length < this.limit) return 0;
    return recent[0]! + this.windowMs - now;
  }

  recordFailure(key: string, now = Date.now()): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}

const globalForThrottle = globalThis as unknown as { kuraLoginThrottle?: FailureThrottle };

/** One login throttle per server process: 5 failures per address and email in 15 minutes. */
export const loginThrottle = (globalForThrottle.kuraLoginThrottle ??= new FailureThrottle(5, 15 * 60_000));
