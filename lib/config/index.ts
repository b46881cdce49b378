import { z } from "zod";
import { databaseFile, dataDir, type Env } from "./paths";

// The one place that reads process.env: parsed once, typed, with safe defaults.
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  KURA_DATA_DIR: z.string().optional(),
  /** postgresql://… to keep the rows on a PostgreSQL server (the web tier, search, workers, backup and restore); else SQLite in the data folder. */
  DATABASE_URL: z.string().trim().optional(),
  KURA_BROWSER_PATH: z.string().optional(),
  /** A Playwright browser server (`npm run browser-server` on another machine) instead of a local Chromium. */
  KURA_BROWSER_WS_ENDPOINT: z
    .string()
    .trim()
    .refine((v) => v === "" || /^wss?:\/\/[^/\s]+/i.test(v), "must be a ws:// or wss:// address (what npm run browser-server prints)")
    .optional(),
  /** Comma-separated hosts and CIDRs exempt from the private-address rules (intranet pages, tests). */
  KURA_ALLOWED_HOSTS: z.string().default(""),
  KURA_CAPTURE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  KURA_NAV_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  KURA_CAPTURE_BUDGET_MS: z.coerce.number().int().min(2000).default(60_000),
  KURA_NETWORK_IDLE_MS: z.coerce.number().int().min(0).default(500),
  KURA_MAX_SCREENSHOT_HEIGHT: z.coerce.number().int().min(500).default(12_000),
  KURA_MAX_RESOURCE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  KURA_MAX_PAGE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(100 * 1024 * 1024),
  /** The main document, when it is a page: cut at this size while it streams in (kept files use the limits above). */
  KURA_MAX_DOCUMENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  KURA_MAX_REDIRECTS: z.coerce.number().int().min(0).max(50).default(10),
  /** Hide cookie-consent and newsletter overlays before the screenshot ("0" keeps them; see lib/capture/page/overlays.ts). */
  KURA_HIDE_OVERLAYS: z.enum(["0", "1"], "KURA_HIDE_OVERLAYS must be 0 or 1").default("1"),
  /** "0": the knowledge-base import (prisma/seed.ts) only queues its captures for the worker instead of capturing at once. */
  KURA_SEED_CAPTURE: z.enum(["0", "1"], "KURA_SEED_CAPTURE must be 0 or 1").default("1"),
  /** "0" disables the capture worker inside the web server (when `npm run worker` runs separately). */
  KURA_INPROCESS_WORKER: z.enum(["0", "1"]).default("1"),
  /**
   * Proxies in front of the app that append the client's address to X-Forwarded-For (0: none, the header is the
   * client's own words and is ignored). With n, the n-th entry from the right is the client, for the sign-in throttle.
   */
  KURA_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Session cookies marked Secure: "auto" when the request came over https (X-Forwarded-Proto), or force 1/0. */
  KURA_SECURE_COOKIES: z.enum(["auto", "0", "1"]).default("auto"),
  /** Unattended set-up: the first admin account. */
  KURA_ADMIN_EMAIL: z.email("KURA_ADMIN_EMAIL must be an email address").optional(),
  KURA_ADMIN_PASSWORD: z.string().min(10, "KURA_ADMIN_PASSWORD must be at least 10 characters").optional(),
  /** A claimed job belongs to its worker for this long; the worker renews it while capturing (crash → reclaimed). */
  KURA_JOB_LEASE_MS: z.coerce.number().int().min(1000).default(90_000),
  /** Attempts per capture (transient failures retry with exponential backoff up to this many tries). */
  KURA_JOB_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  /** Backoff before retry n: base × 4^(n−1), capped at KURA_RETRY_MAX_MS. */
  KURA_RETRY_BASE_MS: z.coerce.number().int().min(0).default(5_000),
  KURA_RETRY_MAX_MS: z.coerce.number().int().min(0).default(600_000),
  /** How often an idle worker looks for due jobs (jobs enqueued in the same process wake it at once). */
  KURA_WORKER_POLL_MS: z.coerce.number().int().min(50).default(1000),
  /** On SIGTERM: how long running captures may take to finish before they are returned to the queue. */
  KURA_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
  /** The worker's Chromium is replaced after this many captures (0: never) … */
  KURA_BROWSER_RECYCLE_CAPTURES: z.coerce.number().int().min(0).default(200),
  /** … or when its process tree uses more than this much memory (MiB, sum of PSS; 0: never). */
  KURA_BROWSER_RECYCLE_MEMORY_MB: z.coerce.number().int().min(0).optional(),
  /** The earlier name of KURA_BROWSER_RECYCLE_MEMORY_MB, still honoured so an existing setting is not ignored. */
  KURA_BROWSER_RECYCLE_RSS_MB: z.coerce.number().int().min(0).optional(),
  /** How often a worker enqueues scheduled re-captures that are due (0: never). */
  KURA_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** How often a worker removes files no snapshot refers to (0: only at start), and how old they must be. */
  KURA_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  KURA_SWEEP_MIN_AGE_MS: z.coerce.number().int().min(0).default(3_600_000),
  /** Stored files go to this S3-compatible bucket instead of the data folder (the database stays where it is). */
  KURA_S3_BUCKET: z.string().trim().min(1).optional(),
  /** The server's address for a non-AWS store (MinIO, Garage, Ceph …); AWS when unset. */
  KURA_S3_ENDPOINT: z.url({ protocol: /^https?$/, error: "KURA_S3_ENDPOINT must be a URL such as http://127.0.0.1:9000" }).optional(),
  KURA_S3_REGION: z.string().trim().min(1).default("us-east-1"),
  KURA_S3_ACCESS_KEY_ID: z.string().optional(),
  KURA_S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Keys under this folder of the bucket, so one bucket can hold several instances. */
  KURA_S3_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/, "KURA_S3_PREFIX must be a folder name such as kura/prod")
    .optional(),
  /** Bucket in the path (http://host/bucket/key): what most self-hosted servers need; "auto" = when an endpoint is set. */
  KURA_S3_FORCE_PATH_STYLE: z.enum(["auto", "0", "1"]).default("auto"),
});

export type Config = ReturnType<typeof loadConfig>;

type ParsedEnv = z.infer<typeof envSchema>;
/** Where stored files live; credentials may also come from the AWS SDK's own chain (env, profile, instance role). */
function storageSettings(e: ParsedEnv) {
  if (!e.KURA_S3_BUCKET) return { kind: "local" as const };
  if (Boolean(e.KURA_S3_ACCESS_KEY_ID) !== Boolean(e.KURA_S3_SECRET_ACCESS_KEY)) {
    throw new Error("Invalid Kura configuration: set both KURA_S3_ACCESS_KEY_ID and KURA_S3_SECRET_ACCESS_KEY, or neither");
  }
  return {
    kind: "s3" as const,
    bucket: e.KURA_S3_BUCKET,
    endpoint: e.KURA_S3_ENDPOINT,
    region: e.KURA_S3_REGION,
    accessKeyId: e.KURA_S3_ACCESS_KEY_ID,
    secretAccessKey: e.KURA_S3_SECRET_ACCESS_KEY,
    prefix: e.KURA_S3_PREFIX,
    forcePathStyle: e.KURA_S3_FORCE_PATH_STYLE === "auto" ? Boolean(e.KURA_S3_ENDPOINT) : e.KURA_S3_FORCE_PATH_STYLE === "1",
  };
}

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
    /** Where the rows live. A DATABASE_URL that is not postgresql:// (the CLI's own file: URL) means the data folder's file. */
    database: /^postgres(ql)?:\/\//i.test(e.DATABASE_URL ?? "")
      ? ({ kind: "postgresql", url: e.DATABASE_URL! } as const)
      : ({ kind: "sqlite", file: databaseFile(env) } as const),
    browserPath: e.KURA_BROWSER_PATH?.trim() || undefined,
    browserWsEndpoint: e.KURA_BROWSER_WS_ENDPOINT || undefined,
    allowedHosts: e.KURA_ALLOWED_HOSTS,
    inProcessWorker: e.KURA_INPROCESS_WORKER === "1",
    seedCapture: e.KURA_SEED_CAPTURE === "1",
    secureCookies: e.KURA_SECURE_COOKIES,
    trustedProxyHops: e.KURA_TRUSTED_PROXY_HOPS,
    storage: storageSettings(e),
    admin: e.KURA_ADMIN_EMAIL && e.KURA_ADMIN_PASSWORD ? { email: e.KURA_ADMIN_EMAIL, password: e.KURA_ADMIN_PASSWORD } : null,
    capture: {
      concurrency: e.KURA_CAPTURE_CONCURRENCY,
      navigationTimeoutMs: e.KURA_NAV_TIMEOUT_MS,
      budgetMs: e.KURA_CAPTURE_BUDGET_MS,
      networkIdleMs: e.KURA_NETWORK_IDLE_MS,
      maxScreenshotHeight: e.KURA_MAX_SCREENSHOT_HEIGHT,
      maxResourceBytes: e.KURA_MAX_RESOURCE_BYTES,
      maxPageBytes: e.KURA_MAX_PAGE_BYTES,
      maxDocumentBytes: e.KURA_MAX_DOCUMENT_BYTES,
      maxRedirects: e.KURA_MAX_REDIRECTS,
      hideOverlays: e.KURA_HIDE_OVERLAYS === "1",
    },
    queue: {
      leaseMs: e.KURA_JOB_LEASE_MS,
      maxAttempts: e.KURA_JOB_MAX_ATTEMPTS,
      retryBaseMs: e.KURA_RETRY_BASE_MS,
      retryMaxMs: e.KURA_RETRY_MAX_MS,
      pollMs: e.KURA_WORKER_POLL_MS,
      shutdownGraceMs: e.KURA_SHUTDOWN_GRACE_MS,
      schedulerIntervalMs: e.KURA_SCHEDULER_INTERVAL_MS,
      sweepIntervalMs: e.KURA_SWEEP_INTERVAL_MS,
      sweepMinAgeMs: e.KURA_SWEEP_MIN_AGE_MS,
    },
    browser: {
      recycleAfterCaptures: e.KURA_BROWSER_RECYCLE_CAPTURES,
      recycleAboveBytes: (e.KURA_BROWSER_RECYCLE_MEMORY_MB ?? e.KURA_BROWSER_RECYCLE_RSS_MB ?? 1536) * 1024 * 1024,
    },
  } as const;
}

let cached: Config | undefined;
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
