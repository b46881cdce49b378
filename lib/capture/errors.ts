/** A capture that did not produce a snapshot, with a reason a person can act on. */
export class CaptureError extends Error {
  constructor(
    message: string,
    /** Worth another attempt later (timeouts, 5xx, resets, a crashed browser); 4xx and refusals are not. */
    readonly transient: boolean,
    readonly httpStatus?: number,
    /** False for errors nobody anticipated (bugs): those are logged with their stack. */
    readonly expected = true,
  ) {
    super(message);
    this.name = "CaptureError";
  }
}

const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET"]);

export function isTransientCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** Turns whatever a Playwright step threw into a CaptureError (browser crashes and timeouts are transient). */
export function toCaptureError(error: unknown): CaptureError {
  if (error instanceof CaptureError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|crash/i.test(message)) {
    return new CaptureError("The browser stopped during the capture.", true);
  }
  if (/Timeout \d+ms exceeded|timed out/i.test(message)) {
    return new CaptureError("The page took too long to load.", true);
  }
  return new CaptureError(`Capture failed: ${message.split("\n")[0]}`, false, undefined, false);
}
