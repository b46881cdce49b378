import type { Config } from "@/lib/config";
import { parseAllowlist } from "@/lib/security/address-guard";
import type { CaptureSettings } from "./types";

/**
 * How captures run, from the parsed configuration: the allowlist (KURA_ALLOWED_HOSTS), the limits and the overlay pass.
 * The caller passes the configuration in (the worker, the CLI, the seed, a test), so the engine reads no environment.
 */
export function captureSettings(settings: Config): CaptureSettings {
  const c = settings.capture;
  return {
    allow: parseAllowlist(settings.allowedHosts, { ownPort: settings.port }),
    limits: {
      navigationTimeoutMs: c.navigationTimeoutMs,
      budgetMs: c.budgetMs,
      networkIdleMs: c.networkIdleMs,
      maxScreenshotHeight: c.maxScreenshotHeight,
      maxResourceBytes: c.maxResourceBytes,
      maxPageBytes: c.maxPageBytes,
      maxDocumentBytes: c.maxDocumentBytes,
      maxRedirects: c.maxRedirects,
    },
    hideOverlays: c.hideOverlays,
  };
}
