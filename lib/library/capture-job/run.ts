import type { BrowserHost } from "@/lib/capture/browser/host";
import { abortedError } from "@/lib/capture/errors";
import { capturePage } from "@/lib/capture/capture-page";
import type { CaptureResult, CaptureSettings, CaptureStep } from "@/lib/capture/types";
import type { CaptureSource } from "./source";

/** Past its budget a capture gives up on its own; this much later the browser itself is taken to be hung. */
const WATCHDOG_MARGIN_MS = 15_000;

/**
 * Step 1 of a capture job: the engine run. Waits for a browser slot, captures the source within the budget (the
 * signal stops it at once), and reports each step. A browser so hung that even closing the capture's context does
 * not return is killed by the watchdog (the next capture gets a fresh one).
 */
export async function runCapture(
  source: CaptureSource,
  options: { host: BrowserHost; settings: CaptureSettings; signal: AbortSignal; onStep: (step: CaptureStep) => void; label: string },
): Promise<CaptureResult> {
  const { host, settings, signal } = options;
  const lease = await host.lease();
  let watchdog: NodeJS.Timeout | undefined;
  try {
    if (signal.aborted) throw abortedError(signal);
    watchdog = setTimeout(() => void host.restart(`${options.label} hung past its budget`), settings.limits.budgetMs + WATCHDOG_MARGIN_MS);
    return await capturePage(lease.browser, { ...settings, url: source.url, html: source.html, onStage: options.onStep, signal });
  } finally {
    clearTimeout(watchdog);
    lease.release();
  }
}
