import http from "node:http";
import https from "node:https";
import type net from "node:net";
import { Transform, pipeline, type Readable } from "node:stream";
import zlib from "node:zlib";
import {
  BlockedRequestError,
  checkConnectedAddress,
  checkUrl,
  urlPort,
  defaultLookup,
  parseAllowlist,
  resolveChecked,
  type Allowlist,
  type LookupFn,
} from "./address-guard";

// The one door for outbound HTTP from Node (including the headless browser's requests, which are
// routed through here). The address check happens inside the socket's own DNS lookup, so the
// connection goes to exactly the address that was checked: no window for DNS rebinding.

export type CheckedFetchOptions = {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  allow: Allowlist;
  timeoutMs?: number;
  maxBytes?: number;
  /** Default 0: 3xx responses are returned as is, so the browser follows them and each hop is routed again. */
  maxRedirects?: number;
  signal?: AbortSignal;
  lookup?: LookupFn;
  /**
   * Shared allowance across fetches (a capture's page cap): every body byte received is taken from it, whatever the
   * status; a declared Content-Length is reserved as soon as the headers arrive. When it runs out the download stops
   * at once with ERR_BYTE_BUDGET.
   */
  budget?: ByteBudget;
  /** A cap that depends on the response (the main document's lower cap for pages); wins over `maxBytes`. */
  maxBytesFor?: (headers: http.IncomingHttpHeaders) => number;
};

/** A byte allowance shared by several fetches. */
export interface ByteBudget {
  /** Takes `bytes`, or nothing and false when fewer remain. */
  take(bytes: number): boolean;
  /** Returns bytes taken ahead (a reservation) that never arrived. */
  giveBack(bytes: number): void;
}

export const BYTE_BUDGET_EXCEEDED = "ERR_BYTE_BUDGET";

export type CheckedResponse = {
  /** Final URL, after any redirects that were followed. */
  url: string;
  status: number;
  statusText: string;
  /** Lower-case names; repeated headers joined with ", ". Set-Cookie is only in `setCookie`. */
  headers: Record<string, string>;
  setCookie: string[];
  body: Buffer;
  /** True when the body was cut at `maxBytes`. */
  truncated: boolean;
  remoteAddress: string;
};

/** A network failure with a user-readable message; `code` is Node's (ECONNREFUSED, CERT_HAS_EXPIRED, …). */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "NetworkError";
  }
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

// Hop-by-hop and framing headers are Node's business; Host must match the URL so a caller cannot
// point SNI/virtual hosting somewhere other than the checked host; HTTP/2 pseudo-headers
// (":authority", from the browser) are not valid HTTP/1.1 header names.
const DROPPED_REQUEST_HEADERS = new Set([
  "host",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "content-length",
  "accept-encoding",
]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

export async function checkedFetch(url: string, options: CheckedFetchOptions): Promise<CheckedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? 0;

  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new NetworkError(`invalid URL: ${url}`, "ERR_INVALID_URL");
  }

  // One deadline for the whole exchange (every hop and the body), not per socket operation: a
  // server dribbling one byte a second must not hold a capture forever.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const forwardAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) forwardAbort();
  options.signal?.addEventListener("abort", forwardAbort, { once: true });

  let method = (options.method ?? "GET").toUpperCase();
  let headers = cleanRequestHeaders(options.headers ?? {});
  let body = options.body;
  try {
    for (let redirects = 0; ; redirects++) {
      checkUrl(current, options.allow);
      const { res, remoteAddress } = await send(current, method, headers, body, options, controller.signal);
      const location = res.headers.location;
      if (maxRedirects > 0 && REDIRECT_STATUSES.has(res.statusCode ?? 0) && location) {
        res.destroy();
        if (redirects >= maxRedirects) {
          throw new NetworkError(`too many redirects (${maxRedirects})`, "ERR_TOO_MANY_REDIRECTS");
        }
        const next = redirectTarget(location, current);
        // What browsers do: 303, and 301/302 after POST, become a GET without a body.
        const status = res.statusCode ?? 0;
        if (status === 303 ? method !== "HEAD" : (status === 301 || status === 302) && method === "POST") {
          method = "GET";
          body = undefined;
          headers = omit(headers, BODY_HEADERS);
        }
        if (next.origin !== current.origin) headers = omit(headers, CREDENTIAL_HEADERS);
        current = next;
        continue;
      }
      const cap = options.maxBytesFor ? options.maxBytesFor(res.headers) : maxBytes;
      const read = await readBody(res, method, cap, controller.signal, options.budget);
      return {
        url: current.href,
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? "",
        headers: responseHeaders(res, read),
        setCookie: res.headers["set-cookie"] ?? [],
        body: read.body,
        truncated: read.truncated,
        remoteAddress,
      };
    }
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof BlockedRequestError)) {
      throw timedOut ? networkError({ code: "ETIMEDOUT", timeoutMs }) : abortError(options.signal?.reason);
    }
    if (err instanceof BlockedRequestError || err instanceof NetworkError) throw err;
    throw networkError(err, current.hostname.replace(/^\[|\]$/g, ""));
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", forwardAbort);
  }
}

function cleanRequestHeaders(input: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    const lower = name.toLowerCase();
    if (lower.startsWith(":") || DROPPED_REQUEST_HEADERS.has(lower)) continue;
    out[lower] = value;
  }
  // Only encodings we can decode: the caller receives the decoded body.
  out["accept-encoding"] = "gzip, deflate, br";
  return out;
}

function omit(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

function redirectTarget(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new NetworkError(`invalid redirect location: ${location}`, "ERR_INVALID_REDIRECT");
  }
}

// ---------------------------------------------------------------------------------------------
// Connecting

/**
 * The socket-level lookup: runs the full address check and hands Node only checked addresses.
 * Node 20 calls it with `{ all: true }` when autoSelectFamily (happy eyeballs) is on, and with
 * the classic single-address callback otherwise; both are supported.
 */
function guardedLookup(allow: Allowlist, lookup: LookupFn): net.LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : options.family || 0;
    resolveChecked(hostname, allow, lookup).then(
      (all) => {
        const addresses = family ? all.filter((a) => a.family === family) : all;
        const first = addresses[0];
        if (!first) {
          callback(Object.assign(new Error(`could not resolve host ${hostname}`), { code: "ENOTFOUND" }), "");
        } else if (options.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (err: NodeJS.ErrnoException) => callback(err, ""),
    );
  };
}

type Agents = { http: http.Agent; https: https.Agent };

// Keep-alive pools are private to one (allowlist, lookup) pair: a pooled socket was checked
// against the rules it was opened under, and must not be reused under different rules (nor by
// code that never checked anything, which is why the global agents are not used).
const agentCache = new WeakMap<Allowlist, Map<LookupFn, Agents>>();

function agentsFor(allow: Allowlist, lookup: LookupFn): Agents {
  let byLookup = agentCache.get(allow);
  if (!byLookup) agentCache.set(allow, (byLookup = new Map<LookupFn, Agents>()));
  let agents = byLookup.get(lookup);
  if (!agents) {
    // `timeout` closes idle pooled sockets; the request deadline is enforced separately.
    const common = { keepAlive: true, timeout: 15_000, lookup: guardedLookup(allow, lookup) };
    agents = { http: new http.Agent(common), https: new https.Agent(common) };
    byLookup.set(lookup, agents);
  }
  return agents;
}

type Sent = { res: http.IncomingMessage; remoteAddress: string };

async function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  options: CheckedFetchOptions,
  signal: AbortSignal,
): Promise<Sent> {
  try {
    return await sendOnce(url, method, headers, body, options, signal);
  } catch (err) {
    // A pooled socket the server closed while idle fails right away with ECONNRESET; the request
    // never reached the server, so an idempotent one is safe to send again on a fresh socket.
    if ((err as { reusedSocket?: boolean }).reusedSocket && ["GET", "HEAD", "OPTIONS"].includes(method)) {
      return sendOnce(url, method, headers, body, options, signal);
    }
    throw err;
  }
}

function sendOnce(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  options: CheckedFetchOptions,
  signal: AbortSignal,
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const agents = agentsFor(options.allow, options.lookup ?? defaultLookup);
    const isHttps = url.protocol === "https:";
    const request = isHttps ? https.request : http.request;
    let remoteAddress = "";
    const req = request({
      agent: isHttps ? agents.https : agents.http,
      protocol: url.protocol,
      // Node's own URL handling strips IPv6 brackets the same way; the Host header and TLS SNI
      // are derived from this name, certificate validation stays on.
      hostname: url.hostname.replace(/^\[|\]$/g, ""),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
      signal,
    });

    req.on("socket", (socket) => {
      // Belt and braces: the peer we actually reached must be allowed too.
      const verify = () => {
        try {
          remoteAddress = socket.remoteAddress ?? "";
          checkConnectedAddress(url.hostname, remoteAddress, options.allow, urlPort(url));
        } catch (err) {
          req.destroy(err as Error);
        }
      };
      // Prepended, so it runs before the request bytes queued on the connecting socket are written.
      if (socket.connecting) socket.prependOnceListener("connect", verify);
      else verify();
    });
    req.on("response", (res) => resolve({ res, remoteAddress: remoteAddress || res.socket.remoteAddress || "" }));
    req.on("error", (err) => {
      if (req.reusedSocket && (err as NodeJS.ErrnoException).code === "ECONNRESET") {
        Object.assign(err, { reusedSocket: true });
      }
      reject(err);
    });
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

async function readBody(
  res: http.IncomingMessage,
  method: string,
  maxBytes: number,
  signal: AbortSignal,
  budget: ByteBudget | undefined,
): Promise<{ body: Buffer; truncated: boolean; decoded: boolean }> {
  const status = res.statusCode ?? 0;
  const bodyless = method === "HEAD" || status === 204 || status === 304;
  const decoders = bodyless ? null : decodersFor(res.headers["content-encoding"]);
  // Chained pipelines: an error (or our early stop) in any stage tears down all of them and the socket.
  const stream = (decoders ?? []).reduce<Readable>((source, decoder) => pipeline(source, decoder, () => {}), res);

  const onAbort = () => res.destroy(new Error("aborted"));
  signal.addEventListener("abort", onAbort, { once: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let overBudget = false;
  // Reserved before the first byte, so parallel downloads cannot all pass a check that none of them has counted yet.
  const declared = bodyless ? 0 : Math.min(Number(res.headers["content-length"]) || 0, maxBytes);
  let reserved = 0;
  if (budget && declared > 0) {
    if (!budget.take(declared)) {
      res.destroy();
      signal.removeEventListener("abort", onAbort);
      throw budgetExceeded();
    }
    reserved = declared;
  }
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const kept = Math.min(chunk.length, maxBytes - size);
      const beyondReservation = Math.min(kept, size + kept - reserved);
      if (budget && beyondReservation > 0) {
        if (!budget.take(beyondReservation)) {
          overBudget = true;
          break;
        }
        reserved += beyondReservation;
      }
      if (size + chunk.length > maxBytes) {
        chunks.push(chunk.subarray(0, maxBytes - size));
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      size += chunk.length;
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    // Stop the download instead of buffering (or decompressing) past the cap.
    if (truncated || overBudget) res.destroy();
    if (budget && reserved > size && !overBudget) budget.giveBack(reserved - size);
  }
  if (overBudget) throw budgetExceeded();
  // An abort can also end the stream quietly; a partial body must not pass for a complete one.
  signal.throwIfAborted();
  return { body: Buffer.concat(chunks, size), truncated, decoded: Boolean(decoders?.length) };
}

/**
 * Decoders for a Content-Encoding list, in the order to apply them, or null when an encoding is
 * unknown (the body is then passed through untouched, with its header).
 */
function decodersFor(header: string | undefined): Transform[] | null {
  const encodings = (header ?? "")
    .split(",")
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e && e !== "identity");
  const decoders: Transform[] = [];
  // Sync flush tolerates bodies cut short, as browsers do, instead of failing the whole response.
  const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  for (const encoding of encodings.reverse()) {
    if (encoding === "gzip" || encoding === "x-gzip") decoders.push(zlib.createGunzip(flush));
    else if (encoding === "deflate") decoders.push(inflateEitherWay(flush));
    else if (encoding === "br") {
      decoders.push(zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH }));
    } else return null;
  }
  return decoders;
}

/** "deflate" on the wire is meant to be zlib-wrapped, but some servers send raw deflate; browsers accept both. */
function inflateEitherWay(options: zlib.ZlibOptions): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | undefined;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!inner) {
        const b0 = chunk[0] ?? 0;
        const b1 = chunk[1] ?? 0;
        const zlibHeader = (b0 & 0x0f) === 8 && (b0 * 256 + b1) % 31 === 0;
        inner = zlibHeader ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inner.on("data", (data: Buffer) => this.push(data));
        inner.on("error", (err) => this.destroy(err));
      }
      inner.write(chunk, () => callback());
    },
    flush(callback) {
      if (!inner) return callback();
      inner.once("end", () => callback());
      inner.end();
    },
    destroy(err, callback) {
      inner?.destroy();
      callback(err);
    },
  });
}

function responseHeaders(res: http.IncomingMessage, body: { decoded: boolean; truncated: boolean }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (name === "set-cookie" || value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  // The body we return is decoded (or cut short), so these would describe a different body.
  if (body.decoded) delete out["content-encoding"];
  if (body.decoded || body.truncated) delete out["content-length"];
  return out;
}

// ---------------------------------------------------------------------------------------------
// Errors

type ErrorLike = {
  code?: unknown;
  message?: unknown;
  host?: unknown;
  hostname?: unknown;
  address?: unknown;
  timeoutMs?: unknown;
};

/** Wraps a low-level failure; `host` (the URL's host name) reads better than the IP Node reports. */
function networkError(err: unknown, host?: string): NetworkError {
  const e = (typeof err === "object" && err !== null ? err : {}) as ErrorLike;
  const code = typeof e.code === "string" ? e.code : "ERR_NETWORK";
  const described = describeNetworkError({
    code,
    message: e.message,
    timeoutMs: e.timeoutMs,
    host: host ?? e.hostname ?? e.address,
  });
  return new NetworkError(described, code, { cause: err });
}

function budgetExceeded(): NetworkError {
  return new NetworkError("the capture's byte limit was reached", BYTE_BUDGET_EXCEEDED);
}

function abortError(reason: unknown): Error {
  return Object.assign(new Error("request aborted", { cause: reason }), { name: "AbortError", code: "ABORT_ERR" });
}

const TLS_REASONS: Record<string, string> = {
  CERT_HAS_EXPIRED: "certificate has expired",
  CERT_NOT_YET_VALID: "certificate is not yet valid",
  DEPTH_ZERO_SELF_SIGNED_CERT: "certificate is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "certificate chain ends in an untrusted self-signed certificate",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "certificate issuer is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "certificate could not be verified",
  CERT_REVOKED: "certificate has been revoked",
  ERR_TLS_CERT_ALTNAME_INVALID: "certificate does not match the host name",
};

/** One line explaining why a request failed, for the user-facing status of an entry. */
export function describeNetworkError(err: unknown): string {
  // Both are already phrased for users.
  if (err instanceof BlockedRequestError || err instanceof NetworkError) return err.message;
  if (typeof err !== "object" || err === null) return String(err);
  if ((err as Error).name === "AbortError") return "request aborted";
  const e = err as ErrorLike;
  const code = typeof e.code === "string" ? e.code : "";
  const hostValue = [e.host, e.hostname, e.address].find((v) => typeof v === "string" && v);
  const host = typeof hostValue === "string" ? hostValue : "the server";
  const message = typeof e.message === "string" ? e.message : "";

  switch (code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
    case "ENODATA":
      return `DNS failure: could not resolve host ${host}`;
    case "ECONNREFUSED":
      return `connection refused by ${host}`;
    case "ECONNRESET":
      return `connection reset by ${host}`;
    case "EPIPE":
      return `connection closed by ${host}`;
    case "ETIMEDOUT":
      return typeof e.timeoutMs === "number" ? `timed out after ${e.timeoutMs / 1000} s` : `timed out connecting to ${host}`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${host} is unreachable`;
    case "ABORT_ERR":
      return "request aborted";
  }
  if (TLS_REASONS[code]) return `TLS error: ${TLS_REASONS[code]}`;
  if (/^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|EPROTO$)/.test(code)) return `TLS error: ${message || code}`;
  if (code.startsWith("HPE_")) return `invalid HTTP response from ${host}`;
  return message || code || "network error";
}

// Re-exported so callers need a single import for the common case.
export { BlockedRequestError, parseAllowlist, type Allowlist, type LookupFn };
