import type { CaptureSettings } from "@/lib/capture/types";
import { config, type Config } from "@/lib/config";
import { parseAllowlist } from "@/lib/security/address-guard";

/** How this process captures, from the configuration: the allowlist (KURA_ALLOWED_HOSTS), limits and overlay pass. */
export function captureSettings(settings: Config = config()): CaptureSettings {
  const c = settings.capture;
  return {
    allow: parseAllowlist(settings.allowedHosts),
    limits: {
      navigationTimeoutMs: c.navigationTimeoutMs,
      budgetMs: c.budgetMs,
      networkIdleMs: c.networkIdleMs,
      maxScreenshotHeight: c.maxScreenshotHeight,
      maxResourceBytes: c.maxResourceBytes,
      maxPageBytes: c.maxPageBytes,
      maxRedirects: c.maxRedirects,
    },
    hideOverlays: c.hideOverlays,
  };
}
