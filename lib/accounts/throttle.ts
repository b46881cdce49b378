/**
 * Sign-in throttle: after `freeFailures` failed attempts on one key, each next attempt waits longer — `baseDelayMs`,
 * then twice that, and so on up to `maxDelayMs` — until a success, or until `forgetAfterMs` pass without a failure.
 * A delay, not a lock-out: a guesser gets a few tries an hour, while the account's owner still gets in after the
 * wait. An attempt is reserved before the password is checked and only one per key is checked at a time, so a burst
 * of concurrent guesses cannot all be evaluated. In memory, per process (a restart forgives, acceptable for a delay).
 */
export type ThrottleRules = { freeFailures: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number };

/**
 * A reserved attempt: report how it went (once), or abandon it unchecked (nothing counted) — or it was refused for
 * `retryAfterMs`.
 */
export type Attempt = { allowed: true; finish(succeeded: boolean, now?: number): void; abandon(): void } | { allowed: false; retryAfterMs: number };

type KeyState = { failures: number; lastFailure: number; checking: boolean };

/** How long a concurrent attempt is asked to wait while another one on the same key is being checked. */
const BUSY_RETRY_MS = 1_000;

export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();

  constructor(private readonly rules: ThrottleRules) {}

  /** Milliseconds until the next attempt on `key` may be checked (0: now). */
  waitMs(key: string, now = Date.now()): number {
    const state = this.current(key, now);
    if (!state) return 0;
    if (state.checking) return BUSY_RETRY_MS;
    return Math.max(0, this.nextAllowedAt(state) - now);
  }

  /** Reserves an attempt on `key`, or refuses it with the wait left. */
  begin(key: string, now = Date.now()): Attempt {
    const retryAfterMs = this.waitMs(key, now);
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    const state = this.current(key, now) ?? { failures: 0, lastFailure: 0, checking: false };
    state.checking = true;
    this.keys.set(key, state);
    let finished = false;
    return {
      allowed: true,
      finish: (succeeded, finishedAt = Date.now()) => {
        if (finished) return;
        finished = true;
        state.checking = false;
        if (succeeded) this.keys.delete(key);
        else {
          state.failures += 1;
          state.lastFailure = finishedAt;
        }
      },
      abandon: () => {
        if (finished) return;
        finished = true;
        state.checking = false;
        if (state.failures === 0) this.keys.delete(key);
      },
    };
  }

  private nextAllowedAt(state: KeyState): number {
    const over = state.failures - this.rules.freeFailures;
    if (over < 0) return 0;
    return state.lastFailure + Math.min(this.rules.baseDelayMs * 2 ** over, this.rules.maxDelayMs);
  }

  private current(key: string, now: number): KeyState | undefined {
    const state = this.keys.get(key);
    if (state && !state.checking && now - state.lastFailure >= this.rules.forgetAfterMs) {
      this.keys.delete(key);
      return undefined;
    }
    return state;
  }
}

const DAY_MS = 24 * 60 * 60_000;
const shared = globalThis as unknown as { kuraAccountThrottle?: LoginThrottle; kuraAddressThrottle?: LoginThrottle };
/** Per account: 5 free failures, then 30 s, 1 min, 2 min … up to 15 minutes between attempts; forgotten after a day. */
const ACCOUNT_RULES: ThrottleRules = { freeFailures: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: DAY_MS };
const accountThrottle = (shared.kuraAccountThrottle ??= new LoginThrottle(ACCOUNT_RULES));
/** Per client address, against one address guessing across many accounts: the same after 30 free failures. */
const addressThrottle = (shared.kuraAddressThrottle ??= new LoginThrottle({ ...ACCOUNT_RULES, freeFailures: 30 }));

/**
 * Reserves one sign-in attempt for this account and, when it is known (behind a configured proxy), this address.
 * Without a proxy there is no address to trust (a client can write any X-Forwarded-For), so only the account counts.
 */
export function beginSignIn(email: string, address: string | null, throttles = { account: accountThrottle, address: addressThrottle }): Attempt {
  const account = throttles.account.begin(`account:${email.trim().toLowerCase()}`);
  if (!account.allowed || address === null) return account;
  const byAddress = throttles.address.begin(`address:${address}`);
  if (!byAddress.allowed) {
    // Refused for the address: the account's reservation is given back untouched (no failure counted).
    account.abandon();
    return byAddress;
  }
  return {
    allowed: true,
    finish: (succeeded, now) => {
      account.finish(succeeded, now);
      byAddress.finish(succeeded, now);
    },
    abandon: () => {
      account.abandon();
      byAddress.abandon();
    },
  };
}
