// CORS as Chromium enforces it, for requests the network guard answers itself. Playwright's route.fulfill adds
// `Access-Control-Allow-Origin: <origin>` and `-Credentials: true` to a cross-origin answer that has none, and answers
// every preflight with "allowed" on its own: left alone, a captured page could read any allowed origin (an intranet
// in KURA_ALLOWED_HOSTS) and send it non-simple requests. The guard therefore performs preflights upstream and keeps
// the upstream's own CORS headers, so Chromium's checks see what a plain browser would.

const SAFE_METHODS = new Set(["GET", "HEAD", "POST"]);
const SAFE_HEADERS = new Set(["accept", "accept-language", "content-language", "content-type", "range"]);
const SAFE_CONTENT_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"]);
/** Headers Chromium adds itself (they never make a request non-simple). */
const BROWSER_HEADERS = /^(origin|referer|user-agent|cookie|host|connection|content-length|accept-encoding|sec-|priority$|dnt$)/;

/** Never an origin: sent when the upstream sent no Access-Control-Allow-Origin, so Playwright adds none. */
export const NO_CORS_GRANT = "https://cors-not-granted.invalid";

export type CorsRequest = { url: string; method: string; headers: Record<string, string> };

/**
 * The origin of a cross-origin subresource request that carries one (a fetch or XHR, a crossorigin image…), else null.
 * Intercepted requests carry no Sec-Fetch-Mode; the other requests with an Origin (no-cors POSTs) are simple and
 * their answers opaque, so treating them the same changes nothing for them.
 */
export function corsOrigin(request: CorsRequest): string | null {
  const origin = request.headers["origin"];
  if (!origin) return null;
  return origin.trim() === new URL(request.url).origin ? null : origin.trim();
}

/** The non-safelisted request header names (lower case, sorted), as Access-Control-Request-Headers lists them. */
export function unsafeHeaderNames(headers: Record<string, string>): string[] {
  const names: string[] = [];
  for (const [raw, value] of Object.entries(headers)) {
    const name = raw.toLowerCase();
    if (name.startsWith(":") || BROWSER_HEADERS.test(name)) continue;
    if (SAFE_HEADERS.has(name)) {
      if (name !== "content-type" || SAFE_CONTENT_TYPES.has(value.split(";")[0]!.trim().toLowerCase())) continue;
    }
    names.push(name);
  }
  return names.sort();
}

/** Whether Chromium would have sent a preflight before this request. */
export function needsPreflight(request: CorsRequest): boolean {
  return !SAFE_METHODS.has(request.method.toUpperCase()) || unsafeHeaderNames(request.headers).length > 0;
}

/** The headers of our own preflight, as Chromium would send it. */
export function preflightHeaders(request: CorsRequest, origin: string): Record<string, string> {
  const out: Record<string, string> = { origin, "access-control-request-method": request.method.toUpperCase() };
  const names = unsafeHeaderNames(request.headers);
  if (names.length > 0) out["access-control-request-headers"] = names.join(",");
  if (request.headers["user-agent"]) out["user-agent"] = request.headers["user-agent"];
  return out;
}

const list = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * Whether a preflight answer grants the request (the CORS check plus the method and header checks of the Fetch
 * standard, as Chromium applies them). A request carrying cookies counts as credentialed: a wildcard then grants
 * nothing, and the grant needs the exact origin and `Access-Control-Allow-Credentials: true`. (Chromium still lets
 * `Access-Control-Allow-Headers: *` cover Authorization; so does this, the test compares against it.)
 */
export function preflightGrants(request: CorsRequest, origin: string, answer: { status: number; headers: Record<string, string> }): boolean {
  if (answer.status < 200 || answer.status > 299) return false;
  const allowOrigin = answer.headers["access-control-allow-origin"]?.trim();
  const credentials = answer.headers["access-control-allow-credentials"]?.trim() === "true";
  const exact = allowOrigin === origin && credentials;
  const wildcard = allowOrigin === "*" || (allowOrigin === origin && !credentials);
  if (!exact && !wildcard) return false;
  const withCredentials = Boolean(request.headers["cookie"]) || !wildcard;
  const method = request.method.toUpperCase();
  const methods = list(answer.headers["access-control-allow-methods"]);
  if (!SAFE_METHODS.has(method) && !methods.includes(method) && !(methods.includes("*") && !withCredentials)) return false;
  const allowedHeaders = list(answer.headers["access-control-allow-headers"]).map((h) => h.toLowerCase());
  for (const name of unsafeHeaderNames(request.headers)) {
    if (allowedHeaders.includes(name)) continue;
    if (allowedHeaders.includes("*") && !withCredentials) continue;
    return false;
  }
  return true;
}

/** The answer's headers for Chromium: the upstream's CORS headers as sent, or a grant that matches no origin. */
export function withUpstreamCors(headers: Record<string, string>): Record<string, string> {
  return headers["access-control-allow-origin"] ? headers : { ...headers, "access-control-allow-origin": NO_CORS_GRANT };
}
