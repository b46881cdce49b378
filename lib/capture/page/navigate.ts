import type { Page } from "playwright-core";
import { CaptureError, FAILURE, isTransientCode } from "../errors";
import type { NetworkGuard } from "../network/guard";
import type { CaptureRequest } from "../types";

/** Loads the page, following redirects of the main document through the guard; a server error fails the capture. */
export async function navigate(page: Page, guard: NetworkGuard, request: CaptureRequest): Promise<{ status: number; contentType: string }> {
  let response;
  let target = request.url;
  for (;;) {
    guard.pendingRedirect = null;
    try {
      response = await page.goto(target, { waitUntil: "load", timeout: request.limits.navigationTimeoutMs });
      break;
    } catch (error) {
      // A redirect of the main document: navigate to its target, which the guard checks like any other URL.
      if (guard.pendingRedirect) {
        target = guard.pendingRedirect;
        continue;
      }
      const failure = guard.mainFailure;
      if (failure) {
        throw new CaptureError(failure.reason, !failure.blocked && isTransientCode(failure.code));
      }
      // The document arrived but some subresource never finished: keep what rendered, note the cut.
      if (/Timeout/i.test(String(error)) && page.url() !== "about:blank") {
        guard.limitsHit.add("navigationTimeout");
        return { status: 200, contentType: "text/html" };
      }
      throw error;
    }
  }
  if (!response) throw new CaptureError(FAILURE.noAnswer, true);
  const status = response.status();
  if (status >= 400) {
    const label = `${status} ${response.statusText()}`.trim();
    throw new CaptureError(FAILURE.httpStatus(label), status >= 500 || status === 429, status);
  }
  return { status, contentType: (await response.headerValue("content-type")) ?? "" };
}
