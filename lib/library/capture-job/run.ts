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
 *
 * The browser is shared: when it dies under a capture that did not kill it (another capture's watchdog restarted
 * it, it crashed or was killed), that capture runs once more on the relaunched browser within the same attempt, so
 * a neighbour's crash costs it time, not one of its attempts. A capture whose own page crashed fails on its own
 * (capture-page.ts); the one whose watchdog fired is not run again.
 */
export async function runCapture(
  source: CaptureSource,
  options: { host: BrowserHost; settings: CaptureSettings; signal: AbortSignal; onStep: (step: CaptureStep) => void; label: string },
): Promise<CaptureResult> {
  const first = await runOnce(source, options);
  if (first.ok) return first.result;
  if (!first.lostToNeighbour || options.signal.aborted) throw first.error;
  options.onStep("loading");
  const second = await runOnce(source, options);
  if (second.ok) return second.result;
  throw second.error;
}

type Run = { ok: true; result: CaptureResult } | { ok: false; error: unknown; lostToNeighbour: boolean };

async function runOnce(
  source: CaptureSource,
  options: { host: BrowserHost; settings: CaptureSettings; signal: AbortSignal; onStep: (step: CaptureStep) => void; label: string },
): Promise<Run> {
  const { host, settings, signal } = options;
  const lease = await host.lease();
  let watchdog: NodeJS.Timeout | undefined;
  let hung = false;
  try {
    if (signal.aborted) throw abortedError(signal);
    watchdog = setTimeout(() => {
      hung = true;
      void host.restart(`${options.label} hung past its budget`);
    }, settings.limits.budgetMs + WATCHDOG_MARGIN_MS);
    const result = await capturePage(lease.browser, { ...settings, url: source.url, html: source.html, onStage: options.onStep, signal });
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error, lostToNeighbour: !hung && !lease.browser.isConnected() };
  } finally {
    clearTimeout(watchdog);
    lease.release();
  }
}
