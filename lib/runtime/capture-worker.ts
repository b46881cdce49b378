import path from "node:path";
import { BrowserHost, reapLeftoverBrowsers } from "@/lib/capture/browser/host";
import { captureSettings } from "@/lib/capture/settings";
import type { CaptureLimits } from "@/lib/capture/types";
import { config, type Config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { captureJob, type CaptureOutcome } from "@/lib/library/capture-job";
import { enqueueDueRecaptures } from "@/lib/library/due-recaptures";
import { sweepSnapshotFiles } from "@/lib/library/stored-files";
import type { ClaimedJob, RetryPolicy } from "@/lib/queue/jobs";
import { JobRunner } from "@/lib/queue/runner";
import type { LookupFn } from "@/lib/security/address-guard";

export type CaptureWorkerOptions = {
  concurrency: number;
  /** The configured browser executable (KURA_BROWSER_PATH). */
  browserPath?: string;
  /** A remote Playwright browser server to capture in instead (KURA_BROWSER_WS_ENDPOINT). */
  browserWsEndpoint?: string;
  pollMs: number;
  leaseMs: number;
  retry: RetryPolicy;
  /** How often to enqueue due scheduled re-captures (0 or unset: never). */
  schedulerIntervalMs?: number;
  /** How often to sweep unreferenced files (0: only at start; unset: not at all), and how old they must be. */
  sweepIntervalMs?: number;
  sweepMinAgeMs?: number;
  /** Folder for browser pid files; leftovers of dead workers found there are killed at start. */
  runDir?: string;
  recycleAfterCaptures?: number;
  recycleAboveBytes?: number;
  /** Overrides of the configured capture limits and name resolution (tests, benches). */
  limits?: Partial<CaptureLimits>;
  lookup?: LookupFn;
  log?: (line: string) => void;
};

/** The worker's options from the configuration (env), for the web server's worker and `npm run worker`. */
export function configuredWorkerOptions(log?: (line: string) => void, settings: Config = config()): CaptureWorkerOptions {
  return {
    concurrency: settings.capture.concurrency,
    browserPath: settings.browserPath,
    browserWsEndpoint: settings.browserWsEndpoint,
    pollMs: settings.queue.pollMs,
    leaseMs: settings.queue.leaseMs,
    retry: { baseMs: settings.queue.retryBaseMs, maxMs: settings.queue.retryMaxMs },
    schedulerIntervalMs: settings.queue.schedulerIntervalMs,
    sweepIntervalMs: settings.queue.sweepIntervalMs,
    sweepMinAgeMs: settings.queue.sweepMinAgeMs,
    runDir: path.join(settings.dataDir, "run"),
    recycleAfterCaptures: settings.browser.recycleAfterCaptures,
    recycleAboveBytes: settings.browser.recycleAboveBytes,
    log,
  };
}

/**
 * The capture worker of one process: the queue's runner with the capture job as its handler, `concurrency` slots
 * sharing one browser, and the periodic chores (scheduled re-captures, the sweep of unreferenced files). Any number
 * of workers (in the web process or `npm run worker`) can run against the same database.
 */
export class CaptureWorker {
  readonly browser: BrowserHost;
  private readonly runner: JobRunner<CaptureOutcome>;
  private readonly timers: NodeJS.Timeout[] = [];
  private running = false;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: CaptureWorkerOptions) {
    this.browser = new BrowserHost({
      browserPath: options.browserPath,
      wsEndpoint: options.browserWsEndpoint,
      maxContexts: options.concurrency,
      recycleAfterCaptures: options.recycleAfterCaptures ?? 0,
      recycleAboveBytes: options.recycleAboveBytes ?? 0,
      handleSignals: false,
      pidDir: options.runDir,
      log: options.log,
    });
    const configured = captureSettings(config());
    const settings = { ...configured, limits: { ...configured.limits, ...options.limits }, lookup: options.lookup };
    this.runner = new JobRunner(captureJob({ host: this.browser, settings, log: options.log }), options);
  }

  get id(): string {
    return this.runner.id;
  }

  /** Jobs running right now. */
  get runningJobs(): ClaimedJob[] {
    return this.runner.runningJobs;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.options.runDir) {
      const { killed } = reapLeftoverBrowsers(this.options.runDir, this.options.log);
      if (killed.length > 0) this.options.log?.(`killed ${killed.length} leftover browser process(es) of dead workers`);
    }
    this.runner.start();
    const scheduleEvery = this.options.schedulerIntervalMs ?? 0;
    if (scheduleEvery > 0) this.every(scheduleEvery, () => this.runScheduler(), true);
    if (this.options.sweepIntervalMs !== undefined) {
      void this.runSweep();
      if (this.options.sweepIntervalMs > 0) this.every(this.options.sweepIntervalMs, () => this.runSweep(), false);
    }
    this.options.log?.(`capture worker ${this.id} started with ${this.options.concurrency} slot(s)`);
  }

  /** Wakes idle slots now instead of at the next poll. */
  notify(): void {
    this.runner.notify();
  }

  /**
   * Graceful stop: claims nothing more, lets running captures finish for up to `graceMs`, then aborts the rest
   * and hands their jobs back to the queue (without charging an attempt), and closes the browser for good.
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.running = false;
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.runner.stop(graceMs);
    await this.browser.close();
    this.options.log?.(`capture worker ${this.id} stopped`);
  }

  private every(ms: number, task: () => Promise<void>, runNow: boolean): void {
    let busy = false;
    const tick = () => {
      if (busy || !this.running) return;
      busy = true;
      void task().finally(() => (busy = false));
    };
    this.timers.push(setInterval(tick, ms));
    if (runNow) tick();
  }

  private async runScheduler(): Promise<void> {
    try {
      const queued = await enqueueDueRecaptures(db());
      if (queued.length > 0) {
        this.options.log?.(`scheduled re-capture: queued ${queued.length} snapshot(s)`);
        this.notify();
      }
    } catch (error) {
      this.options.log?.(`scheduler failed (tried again at its next interval): ${String(error)}`);
    }
  }

  private async runSweep(): Promise<void> {
    try {
      const report = await sweepSnapshotFiles({ minAgeMs: this.options.sweepMinAgeMs ?? config().queue.sweepMinAgeMs });
      if (report.removed.length > 0) this.options.log?.(`swept ${report.removed.length} unreferenced file(s)`);
      if (report.missing.length > 0) this.options.log?.(`files referenced but missing: ${report.missing.slice(0, 5).join(", ")}`);
    } catch (error) {
      this.options.log?.(`sweep failed (tried again at its next interval): ${String(error)}`);
    }
  }
}
