import { z } from "zod";
import { databaseFile, dataDir, type Env } from "./paths";

// The one place that reads process.env: parsed once, typed, with safe defaults.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  KURA_DATA_DIR: z.string().optional(),
  KURA_BROWSER_PATH: z.string().optional(),
  /** Comma-separated hosts and CIDRs exempt from the private-address rules (intranet pages, tests). */
  KURA_ALLOWED_HOSTS: z.string().default(""),
  KURA_CAPTURE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  KURA_NAV_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  KURA_CAPTURE_BUDGET_MS: z.coerce.number().int().min(2000).default(60_000),
  KURA_NETWORK_IDLE_MS: z.coerce.number().int().min(0).default(500),
  KURA_MAX_SCREENSHOT_HEIGHT: z.coerce.number().int().min(500).default(12_000),
  KURA_MAX_RESOURCE_BYTES: z.coerce.number().int().min(1024).default(25 * 1024 * 1024),
  KURA_MAX_PAGE_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
  KURA_MAX_REDIRECTS: z.coerce.number().int().min(0).max(50).default(10),
  /** "0" disables the capture worker inside the web server (when `npm run worker` runs separately). */
  KURA_INPROCESS_WORKER: z.enum(["0", "1"]).default("1"),
});

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Env = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid Kura configuration: ${detail}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    dataDir: dataDir(env),
    databaseFile: databaseFile(env),
    browserPath: e.KURA_BROWSER_PATH?.trim() || undefined,
    allowedHosts: e.KURA_ALLOWED_HOSTS,
    inProcessWorker: e.KURA_INPROCESS_WORKER === "1",
    capture: {
      concurrency: e.KURA_CAPTURE_CONCURRENCY,
      navigationTimeoutMs: e.KURA_NAV_TIMEOUT_MS,
      budgetMs: e.KURA_CAPTURE_BUDGET_MS,
      networkIdleMs: e.KURA_NETWORK_IDLE_MS,
      maxScreenshotHeight: e.KURA_MAX_SCREENSHOT_HEIGHT,
      maxResourceBytes: e.KURA_MAX_RESOURCE_BYTES,
      maxPageBytes: e.KURA_MAX_PAGE_BYTES,
      maxRedirects: e.KURA_MAX_REDIRECTS,
    },
  } as const;
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
