import { parseAllowlist } from "@/lib/security/address-guard";
import type { CaptureLimits } from "./capture";

/** Limits for capture tests on loopback pages: short waits, small caps, so a hazard shows within seconds. */
export function testLimits(overrides: Partial<CaptureLimits> = {}): CaptureLimits {
  return {
    navigationTimeoutMs: 10_000,
    budgetMs: 30_000,
    networkIdleMs: 200,
    maxScreenshotHeight: 3000,
    maxResourceBytes: 5_000_000,
    maxPageBytes: 20_000_000,
    maxRedirects: 3,
    ...overrides,
  };
}

/** The tests' local servers listen on loopback, which captures refuse unless allowlisted. */
export const LOOPBACK_ALLOWED = parseAllowlist("127.0.0.1");
