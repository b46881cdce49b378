/**
 * Cross-site request forgery guard for cookie-authenticated writes to the JSON API. A browser attaches the session
 * cookie to a form another site submits (`text/plain` or `application/x-www-form-urlencoded` need no CORS
 * preflight), so a write carried by the cookie must prove it came from the app itself: a JSON body (which a
 * cross-site page can only send after a preflight this app never answers) and an Origin naming this host, or,
 * from browsers that send no Origin, `Sec-Fetch-Site: same-origin`. Bearer-token requests are not cookie-borne
 * and are not checked here.
 */

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type WriteRequest = { method: string; headers: Headers };

/** Why a cookie-authenticated request is refused, or null when it may proceed. */
export function cookieWriteRefusal(request: WriteRequest): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") return "Cookie-authenticated API writes must send Content-Type: application/json.";
  const origin = request.headers.get("origin");
  if (origin !== null) return originMatchesHost(origin, request.headers) ? null : "The request's Origin is not this site.";
  return request.headers.get("sec-fetch-site") === "same-origin" ? null : "Cookie-authenticated API writes must come from this site.";
}

function originMatchesHost(origin: string, headers: Headers): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and anything unparsable
  }
  // Behind a proxy the Host header may be the upstream's; the forwarded host is the one the browser used.
  const expected = [headers.get("x-forwarded-host")?.split(",")[0]?.trim(), headers.get("host")].filter(Boolean);
  return expected.some((h) => h!.toLowerCase() === host.toLowerCase());
}
