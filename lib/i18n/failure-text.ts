// Why a capture failed, as a catalogue key a person can read in their language. The capture engine stores one English
// reason (lib/capture/errors.ts FAILURE, or the raw network/browser error it wraps); this reads that text back, so
// old rows and new ones are explained alike. The raw text is always kept as the detail behind a disclosure.

export type FailureKind =
  | "cancelled"
  | "notHttps"
  | "tlsCertificate"
  | "dnsNotFound"
  | "refused"
  | "timeout"
  | "clientError"
  | "serverError"
  | "tooLarge"
  | "blocked"
  | "crashed"
  | "pageCrashed"
  | "redirectLoop"
  | "download"
  | "reset"
  | "interrupted"
  | "unknown";

export type FailureText = {
  kind: FailureKind;
  /** Values for the catalogue sentence and hint: `status` (HTTP label), `host` (for the http:// suggestion). */
  values: { status?: string; host?: string };
  /** The stored reason, word for word. */
  detail: string;
};

// Order matters: a TLS "wrong version number" is also a TLS error, and a timeout inside a cancelled job is cancelled.
const RULES: Array<[FailureKind, RegExp]> = [
  ["cancelled", /^Cancelled\b|cancelled or taken over/i],
  ["notHttps", /wrong version number|ERR_SSL_PROTOCOL_ERROR|EPROTO|packet length too long/i],
  ["tlsCertificate", /TLS error|certificate|ERR_CERT_|CERT_|self[- ]signed/i],
  ["dnsNotFound", /DNS failure|could not resolve|ERR_NAME_NOT_RESOLVED|ENOTFOUND/i],
  ["refused", /connection refused|ERR_CONNECTION_REFUSED|ECONNREFUSED/i],
  ["blocked", /^blocked:|ERR_BLOCKED|private address|not allowed/i],
  // Before tooLarge: its reason says "too large to render".
  ["pageCrashed", /crashed the browser tab/i],
  ["tooLarge", /larger than|too large|exceeds the .* limit/i],
  ["redirectLoop", /redirects in a loop|too many redirects/i],
  ["download", /file to download/i],
  ["reset", /connection (was )?(reset|closed)|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE/i],
  ["interrupted", /interrupted too many times/i],
  ["crashed", /browser stopped|crash|failed unexpectedly/i],
  ["timeout", /took (longer|too long)|timed out|Timeout \d+ms|did not answer|ETIMEDOUT/i],
];

// A retrying capture's stored reason ends with the attempt in English (lib/capture/errors.ts): cut off before the
// reason is read. The attempt and its time are shown from the Job row (lib/library/retry.ts), never from this text.
const RETRYING = /\s*Retrying \(attempt \d+ of \d+\)\.\s*$/;
const HTTP_STATUS = /HTTP (\d{3})( [^.]*)?\.?/;

/** Reads a stored failure reason; `url` (the entry's address) lets the HTTPS hint name the http:// address. */
export function failureText(stored: string, url?: string): FailureText {
  const detail = stored.trim();
  const retry = RETRYING.exec(detail);
  const reason = retry ? detail.slice(0, retry.index) : detail;
  const host = hostOf(url);
  const http = HTTP_STATUS.exec(reason);
  if (http && /server answered/i.test(reason)) {
    const code = Number(http[1]);
    const status = `${http[1]}${http[2] ?? ""}`.trim();
    return { kind: code >= 500 ? "serverError" : "clientError", values: { status }, detail };
  }
  const kind = RULES.find(([, pattern]) => pattern.test(reason))?.[0] ?? "unknown";
  return { kind, values: kind === "notHttps" ? { host: host ?? "…" } : {}, detail };
}

/** The address without its scheme, for "try http://…". */
function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}
