// Best-effort calls: work whose failure must not stop the caller (closing a browser that may already be gone,
// removing a temp file, telling a listener). The failure is still said out loud — one line naming the call and
// why it may fail — so nothing is swallowed silently. A failure that is the expected outcome (ENOENT when removing
// what may be gone) is named with `tolerate`, so only the others are logged. Ground floor: every layer may import this.

export type LogLine = (line: string) => void;

const warn: LogLine = (line) => console.warn(`[kura] ${line}`);

/** One line: `best effort: <why>: <first line of the error>`. */
export function describeFailure(why: string, error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const firstLine = text.split("\n", 1)[0]?.trim() || "(no message)";
  return `best effort: ${why}: ${firstLine}`;
}

function report(why: string, error: unknown, log: LogLine): void {
  const line = describeFailure(why, error);
  try {
    log(line);
  } catch (logError) {
    // The logger itself failed (a closed stream, a throwing test hook): fall back to stderr rather than lose both.
    console.warn(`[kura] ${line} (and the logger failed: ${describeFailure("logging", logError)})`);
  }
}

/**
 * Awaits `work` (a promise, or a function whose sync throw counts too) and never rejects: on failure it logs one line
 * with `why` and the error and resolves `undefined`. `why` names the call and why it may fail, e.g.
 * `"closing the capture context (the browser may already have exited)"`.
 */
export async function bestEffort<T>(work: Promise<T> | (() => T | Promise<T>), why: string, log: LogLine = warn): Promise<T | undefined> {
  try {
    return await (typeof work === "function" ? work() : work);
  } catch (error) {
    report(why, error, log);
    return undefined;
  }
}

/** The synchronous form of {@link bestEffort}: runs `work`, returns its value, or logs one line and returns `undefined`. */
export function bestEffortSync<T>(work: () => T, why: string, log: LogLine = warn): T | undefined {
  try {
    const result = work();
    // A promise handed to the sync form would reject unobserved (and end the process): report it the same way.
    if (isThenable(result)) result.then(undefined, (error: unknown) => report(why, error, log));
    return result;
  } catch (error) {
    report(why, error, log);
    return undefined;
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** True when `error` is a Node system error whose `code` is one of `codes` (ENOENT, ESRCH, ENOTEMPTY, …). */
export function hasErrorCode(error: unknown, codes: readonly string[]): boolean {
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && codes.includes(code);
}

/**
 * `work`, where a failure with one of `codes` is the expected outcome, not an error (ENOENT when removing what may
 * already be gone, ENOTEMPTY when removing a folder only if it is empty): it resolves `undefined` without a line.
 * Any other failure still rejects, so wrap the call in {@link bestEffort} to log those.
 */
export async function tolerate<T>(codes: readonly string[], work: Promise<T>): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (hasErrorCode(error, codes)) return undefined;
    throw error;
  }
}

/** The synchronous form of {@link tolerate}. */
export function tolerateSync<T>(codes: readonly string[], work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    if (hasErrorCode(error, codes)) return undefined;
    throw error;
  }
}
