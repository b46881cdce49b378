import { FailureThrottle } from "./rate-limit";

const globalForThrottle = globalThis as unknown as { kuraLoginThrottle?: FailureThrottle };

/** One login throttle per server process: 5 failures per address and email in 15 minutes. */
export const loginThrottle = (globalForThrottle.kuraLoginThrottle ??= new FailureThrottle(5, 15 * 60_000));
