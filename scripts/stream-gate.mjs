// The web server's first door for live-progress streams (GET /api/captures/events), in front of Next.js.
//
// Each stream is held open for as long as its tab is, and a client may open many at once. Next.js spends about 2 ms
// of CPU on any request before the route can refuse it, so a burst of 150 from one viewer kept the one event loop busy
// for ~300 ms and every page view waited behind it (bench:hostile: /login p99 555–648 ms). Here a request past the cap
// is answered in microseconds, before Next.js parses or routes it. The route keeps its own per-user cap (and is the
// only one under `next dev`): this gate counts per credential, so it never refuses a stream the route would allow.
import crypto from "node:crypto";

export const EVENTS_PATH = "/api/captures/events";
/** lib/accounts/current-user.ts SESSION_COOKIE (a test keeps the two equal). */
export const SESSION_COOKIE = "kura_session";
/** lib/library/client-slots.ts MAX_CAPTURE_STREAMS (a test keeps the two equal). */
export const STREAMS_PER_CREDENTIAL = 6;

const TOO_MANY = JSON.stringify({ error: "Too many live-progress streams open; close a tab or try again shortly." });

/** The session secret or API token a request carries (as the route reads it: the bearer token first), or null. */
function presentedCredential(headers) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? "")?.[1];
  if (bearer) return bearer;
  for (const pair of (headers.cookie ?? "").split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.slice(eq + 1).trim() || null;
  }
  return null;
}

/**
 * A gate for one server: `admit(req, res)` is true when the request goes on to Next.js, false when the gate answered
 * it (401 with no credential at all, as the route would; 429 past the credential's cap). An admitted stream holds its
 * slot until its response closes, however it ends.
 */
export function streamGate({ limit = STREAMS_PER_CREDENTIAL } = {}) {
  // Keyed by a digest, so the table holds no credential.
  const open = new Map();
  const admit = (req, res) => {
    if (req.method !== "GET" || !isEventsPath(req.url)) return true;
    const credential = presentedCredential(req.headers);
    if (!credential) return answer(res, 401, null);
    const key = crypto.createHash("sha256").update(credential).digest("base64url");
    const count = open.get(key) ?? 0;
    if (count >= limit) return answer(res, 429, TOO_MANY);
    open.set(key, count + 1);
    res.once("close", () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
    return true;
  };
  return { admit };
}

function isEventsPath(url = "") {
  const query = url.indexOf("?");
  return (query < 0 ? url : url.slice(0, query)) === EVENTS_PATH;
}

function answer(res, status, body) {
  // The headers next.config.ts gives every answer outside /archive/.
  const headers = { "cache-control": "no-store", "x-frame-options": "DENY", "x-content-type-options": "nosniff" };
  headers["content-length"] = body ? Buffer.byteLength(body) : 0;
  if (body) Object.assign(headers, { "content-type": "application/json", "retry-after": "5" });
  res.writeHead(status, headers);
  res.end(body ?? undefined);
  return false;
}
