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

const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/**
 * Every sentence Kura stores or prints when a capture does not produce a snapshot — the engine's reasons and what
 * the capture job says about them (retrying, cancelled, interrupted). Change the wording here.
 */
export const FAILURE = {
  budget: (budgetMs: number) => `The capture took longer than its ${Math.round(budgetMs / 1000)} s budget.`,
  noAnswer: "The page did not answer.",
  httpStatus: (label: string) => `The server answered HTTP ${label}.`,
  fileTooLarge: (limitBytes: number) => `The file is larger than the ${mib(limitBytes)} limit for one capture, so it was not kept.`,
  pdfTooLarge: (limits: { deadlineMs: number; maxPages: number; maxTextChars: number }) =>
    `The PDF is too large to read (more than ${limits.maxPages.toLocaleString("en")} pages, ${mib(limits.maxTextChars)} of text or ${Math.round(limits.deadlineMs / 1000)} s), so it was not kept.`,
  browserStopped: "The browser stopped during the capture.",
  pageCrashed: "The page crashed the browser tab drawing it (nested too deeply or too large to render), so it was not kept.",
  tooSlow: "The page took too long to load.",
  redirectLoop: "The page redirects in a loop (too many redirects).",
  download: "The address serves a file to download, not a page (unsupported content).",
  connectionReset: "The connection was reset by the server.",
  unexpected: (firstLine: string) => `Capture failed: ${firstLine}`,
  savingFailed: (detail: string) => `Saving the snapshot failed: ${detail}`,
  cancelled: "Cancelled",
  retrying: (reason: string, nextAttempt: number, maxAttempts: number) => `${reason} Retrying (attempt ${nextAttempt} of ${maxAttempts}).`,
  interrupted: "The capture was interrupted too many times.",
  entryDeleted: "The entry was deleted.",
  takenOver: "The capture was cancelled or taken over by another worker.",
  crashed: "The capture failed unexpectedly.",
} as const;

const TRANSIENT_CODES = new Set(["ECONNRESET", "ETIMEDOUT", "EAI_AGAIN", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET"]);

export function isTransientCode(code: string | undefined): boolean {
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/**
 * The one classifier of raw errors: whatever a capture step threw (a Playwright error, a Node error, a bug) becomes
 * a CaptureError saying why and whether another attempt may help. Browser crashes, timeouts and resets are
 * transient; well-understood browser errors get words; anything else is kept as unexpected (logged with its stack).
 * While `saving`, an unknown error is a failed write, worth another attempt.
 */
export function toCaptureError(error: unknown, phase: "capturing" | "saving" = "capturing"): CaptureError {
  if (error instanceof CaptureError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (phase === "saving") return new CaptureError(FAILURE.savingFailed(String(error)), true);
  if (/Target (page, context or browser )?(has been )?closed|Browser has been closed|browser has disconnected|crash/i.test(message)) {
    return new CaptureError(FAILURE.browserStopped, true);
  }
  if (/Timeout \d+ms exceeded|timed out/i.test(message)) return new CaptureError(FAILURE.tooSlow, true);
  const firstLine = message.split("\n")[0] ?? "";
  if (/ERR_TOO_MANY_REDIRECTS/.test(firstLine)) return new CaptureError(FAILURE.redirectLoop, false);
  if (/ERR_ABORTED|Download is starting/i.test(firstLine)) return new CaptureError(FAILURE.download, false);
  if (/ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED/.test(firstLine)) return new CaptureError(FAILURE.connectionReset, true);
  return new CaptureError(FAILURE.unexpected(firstLine), false, undefined, false);
}

/** Why a signal stopped a capture, in words: the reason it was aborted with ("Cancelled" unless it says more). */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (typeof reason === "string") return reason;
  if (reason instanceof Error && reason.name !== "AbortError") return reason.message;
  return FAILURE.cancelled;
}

/** The error an aborted capture ends with (transient: an aborted capture may run again). */
export function abortedError(signal: AbortSignal): CaptureError {
  return new CaptureError(abortReason(signal), true);
}
