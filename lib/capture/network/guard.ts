import { setMaxListeners } from "node:events";
import type { BrowserContext, Frame, Request, Route } from "playwright-core";
import { bestEffort } from "@/lib/log/best-effort";
import { BlockedRequestError, checkUrl, type Allowlist, type LookupFn } from "@/lib/security/address-guard";
import { BYTE_BUDGET_EXCEEDED, checkedFetch, describeNetworkError } from "@/lib/security/checked-fetch";
import { mimeOf, renderable } from "../originals/mime";
import { classifyMainResponse } from "../originals/original";
import type { MainResponse, OriginalFile } from "../originals/types";
import { corsOrigin, needsPreflight, preflightGrants, preflightHeaders, withUpstreamCors } from "./cors";
import { FetchSlots } from "./fetch-slots";
import { PageByteBudget } from "./page-budget";
import { ResourceStore } from "./resource-store";

/** Downloads one capture runs at once (Chromium's own per-host limit is six). */
export const MAX_PARALLEL_FETCHES = 6;

export type GuardOptions = {
  allow: Allowlist;
  requestTimeoutMs: number;
  maxResourceBytes: number;
  maxPageBytes: number;
  /** The main document, when it is a page (not a kept file): cut at this many bytes while it streams in. */
  maxDocumentBytes: number;
  maxRedirects: number;
  /** Serve this HTML for `url` instead of fetching it (seeded write-ups go through the same engine). */
  document?: { url: string; html: string };
  /** Name resolution for every fetch (default: the system resolver); tests map public-looking names to loopback. */
  lookup?: LookupFn;
};

export type MainDocumentFailure = { url: string; reason: string; code?: string; blocked: boolean };

/**
 * Every request the browser makes while capturing — page, redirects, subresources, iframes, fetch/XHR —
 * is answered from Node through the one checked fetch, so the address check holds for the address that is
 * actually connected to, and each body is recorded for the single-file snapshot.
 */
export class NetworkGuard {
  readonly store = new ResourceStore();
  /** Every body byte received for this capture, whatever its status, against KURA_MAX_PAGE_BYTES. */
  readonly budget: PageByteBudget;
  private readonly slots = new FetchSlots(MAX_PARALLEL_FETCHES);
  readonly blocked: Array<{ url: string; reason: string }> = [];
  readonly limitsHit = new Set<string>();
  mainFailure: MainDocumentFailure | null = null;
  /** The main document was a file (PDF, image, download), not a page: kept as received, not rendered. */
  mainOriginal: { response: MainResponse; file: OriginalFile } | null = null;
  private inflight = 0;
  private lastActivity = Date.now();
  private closed = false;
  /** Ends the fetches still running when the capture is over (done, cut at its budget, cancelled). */
  private readonly fetches = new AbortController();

  constructor(private readonly options: GuardOptions) {
    this.budget = new PageByteBudget(options.maxPageBytes);
    // One listener per download in flight or waiting for a slot: many by design, not a leak.
    setMaxListeners(0, this.fetches.signal);
  }

  async install(context: BrowserContext): Promise<void> {
    await context.route("**/*", (route, request) => this.handle(route, request));
    // No live connections out of a capture: a snapshot is a still picture of the page.
    await context.routeWebSocket(/.*/, (ws) => {
      this.blocked.push({ url: ws.url(), reason: "blocked: WebSockets are not captured" });
      void bestEffort(ws.close({ code: 1008, reason: "blocked by Kura" }), "closing a refused WebSocket (the page may be closing)");
    });
  }

  /** Stop answering: pending fetches are aborted and never touch the closed context. */
  close(): void {
    this.closed = true;
    this.fetches.abort();
  }

  /** Resolves once no request has been in flight for `quietMs`, or after `maxMs` at most. */
  async waitForQuiet(quietMs: number, maxMs: number): Promise<boolean> {
    const deadline = Date.now() + maxMs;
    while (Date.now() < deadline) {
      if (this.inflight === 0 && Date.now() - this.lastActivity >= quietMs) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  /** The frame a navigation belongs to; Playwright throws for some (a popup's first request, workers). */
  private navigationFrame(request: Request): Frame | null {
    try {
      return request.isNavigationRequest() ? request.frame() : null;
    } catch {
      return null;
    }
  }

  /**
   * Redirect hops are never handed to Chromium: Playwright does not route a redirect's next request, so Chromium
   * would fetch it itself, unchecked. A navigation's hop becomes a new navigation of that frame (routed and checked
   * again); the main frame's is followed by the capture's navigate step (`pendingRedirect`).
   */
  pendingRedirect: string | null = null;
  private readonly frameHops = new WeakMap<Frame, number>();

  private redirectNavigation(frame: Frame, main: boolean, location: string): void {
    const hops = (this.frameHops.get(frame) ?? 0) + 1;
    this.frameHops.set(frame, hops);
    if (hops > this.options.maxRedirects) {
      this.limitsHit.add("maxRedirects");
      throw new Error(`too many redirects (more than ${this.options.maxRedirects})`);
    }
    if (main) this.pendingRedirect = location;
    else void bestEffort(frame.goto(location), "following a frame's redirect (the frame may be detached or navigate elsewhere first); the frame stays empty");
  }

  private async handle(route: Route, request: Request): Promise<void> {
    const url = request.url();
    const frame = this.navigationFrame(request);
    const main = frame !== null && frame.parentFrame() === null;
    this.inflight++;
    this.lastActivity = Date.now();
    try {
      if (this.options.document) {
        if (url === this.options.document.url) {
          await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: this.options.document.html });
        } else {
          await route.abort("blockedbyclient");
        }
        return;
      }
      checkUrl(new URL(url), this.options.allow);
      if (!main && this.budget.exhausted) {
        this.limitsHit.add("maxPageBytes");
        await route.abort("blockedbyclient");
        return;
      }
      const headers = await request.allHeaders();
      const cors = { url, method: request.method(), headers };
      const corsFrom = frame ? null : corsOrigin(cors);
      // Playwright answers preflights itself ("allowed"): ask the real server, and refuse what it does not grant.
      if (corsFrom && needsPreflight(cors)) {
        const answer = await this.slots.run(this.fetches.signal, () =>
          checkedFetch(url, {
            method: "OPTIONS",
            headers: preflightHeaders(cors, corsFrom),
            allow: this.options.allow,
            timeoutMs: this.options.requestTimeoutMs,
            maxBytes: 64 * 1024,
            budget: this.budget,
            lookup: this.options.lookup,
            signal: this.fetches.signal,
          }),
        );
        if (!preflightGrants(cors, corsFrom, answer)) {
          this.blocked.push({ url, reason: `blocked: CORS preflight from ${corsFrom} not granted` });
          if (!this.closed) await route.abort("accessdenied");
          return;
        }
      }
      let documentCapped = false;
      const response = await this.slots.run(this.fetches.signal, () =>
        checkedFetch(url, {
          method: request.method(),
          headers: forwardableRequestHeaders(headers),
          body: request.postDataBuffer() ?? undefined,
          allow: this.options.allow,
          timeoutMs: this.options.requestTimeoutMs,
          maxBytes: this.options.maxResourceBytes,
          maxBytesFor: main
            ? (h) => {
                documentCapped = isPageResponse(h["content-type"], h["content-disposition"]);
                return documentCapped ? Math.min(this.options.maxDocumentBytes, this.options.maxResourceBytes) : this.options.maxResourceBytes;
              }
            : undefined,
          budget: this.budget,
          // Subresources: Node follows the redirects, checking every hop; navigations come back as 3xx (below).
          maxRedirects: frame ? 0 : this.options.maxRedirects,
          lookup: this.options.lookup,
          signal: this.fetches.signal,
        }),
      );
      const location = response.headers["location"];
      if (frame && response.status >= 300 && response.status < 400 && location) {
        this.redirectNavigation(frame, main, new URL(location, url).toString());
        if (!this.closed) await route.abort("aborted");
        return;
      }
      if (main && response.status >= 200 && response.status < 300) {
        const received: MainResponse = { url, headers: response.headers, body: response.body, truncated: response.truncated };
        const file = classifyMainResponse(received);
        if (file) {
          // Chromium gets an empty page instead: no PDF viewer, no download, nothing of the file runs in it.
          this.mainOriginal = { response: received, file };
          if (!this.closed) await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: "<!doctype html><title></title>" });
          return;
        }
      }
      if (response.truncated) this.limitsHit.add(main && documentCapped ? "maxDocumentBytes" : "maxResourceBytes");
      const contentType = response.headers["content-type"] ?? "";
      if (response.status >= 200 && response.status < 300 && !response.truncated) {
        this.store.add({ url, status: response.status, contentType, headers: response.headers, body: response.body });
      }
      if (this.closed) return;
      const answerHeaders = fulfillHeaders(response.headers, response.setCookie);
      await route.fulfill({
        status: response.status,
        // A cross-origin read is Chromium's to allow, from the upstream's own CORS headers (see ./cors.ts).
        headers: corsFrom ? withUpstreamCors(answerHeaders) : answerHeaders,
        body: response.body,
      });
    } catch (error) {
      if (this.closed) return;
      if ((error as { code?: string }).code === BYTE_BUDGET_EXCEEDED) this.limitsHit.add("maxPageBytes");
      const blocked = error instanceof BlockedRequestError;
      const reason = blocked ? error.message : describeNetworkError(error);
      if (blocked) this.blocked.push({ url, reason });
      if (main && !this.mainFailure) {
        this.mainFailure = { url, reason, blocked, code: (error as { code?: string }).code };
      }
      if (!this.closed) await bestEffort(route.abort(abortCodeFor(error)), "refusing a request (the page may have closed meanwhile)");
    } finally {
      this.inflight--;
      this.lastActivity = Date.now();
    }
  }
}

/** A main document Chromium will render as a page (the lower document cap applies), not a file kept as received. */
function isPageResponse(contentType: string | undefined, disposition: string | undefined): boolean {
  const mime = mimeOf(contentType ?? "");
  return renderable(mime) && !/^\s*attachment\b/i.test(disposition ?? "");
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length"]);

function forwardableRequestHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HOP_BY_HOP.has(name.toLowerCase()) && !name.startsWith(":")) out[name] = value;
  }
  return out;
}

function fulfillHeaders(headers: Record<string, string>, setCookie: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === "content-encoding" || lower === "set-cookie") continue;
    out[name] = value;
  }
  // Chromium splits a newline-joined Set-Cookie back into separate cookies.
  if (setCookie.length > 0) out["set-cookie"] = setCookie.join("\n");
  return out;
}

function abortCodeFor(error: unknown): "blockedbyclient" | "namenotresolved" | "connectionrefused" | "timedout" | "failed" {
  if (error instanceof BlockedRequestError) return "blockedbyclient";
  switch ((error as { code?: string }).code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "namenotresolved";
    case "ECONNREFUSED":
      return "connectionrefused";
    case "ETIMEDOUT":
      return "timedout";
    default:
      return "failed";
  }
}
