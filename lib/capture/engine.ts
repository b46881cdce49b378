import { parseAllowlist, type Allowlist } from "@/lib/security/address-guard";
import { config } from "@/lib/config";
import { sharedBrowserHost, type BrowserHost } from "./browser/host";
import { capturePage } from "./capture-page";
import type { CaptureRequest, CaptureResult } from "./types";

let allowlist: Allowlist | undefined;

/** The configured allowlist (KURA_ALLOWED_HOSTS), parsed once. */
export function configuredAllowlist(): Allowlist {
  allowlist ??= parseAllowlist(config().allowedHosts);
  return allowlist;
}

/** Captures with the process's shared browser and the configured limits and allowlist. */
export async function captureWithDefaults(
  target: Pick<CaptureRequest, "url" | "html" | "onStage" | "signal">,
  host: BrowserHost = sharedBrowserHost(),
): Promise<CaptureResult> {
  const browser = await host.get();
  return capturePage(browser, { ...target, allow: configuredAllowlist(), limits: config().capture, hideOverlays: config().capture.hideOverlays });
}
