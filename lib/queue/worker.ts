import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { BrowserHost, reapLeftoverBrowsers } from "@/lib/capture/browser/host";
import type { CaptureLimits } from "@/lib/capture/types";
import type { LookupFn } from "@/lib/security/address-guard";
import { processSnapshot } from "@/lib/links/process-snapshot";
import { sweepOrphanFiles } from "@/lib/storage/sweep";
import { onJobEnqueued } from "./worker-signal";
import { claimNextJob, configuredRetry, extendLease, failJob, releaseJob, stillHeld, type ClaimedJob, type RetryPolicy } from "./jobs";
import { enqueueDueRecaptures } from "./scheduler";

export type WorkerOptions = {
  concurrency: number;
  pollMs?: number;
  leaseMs?: number;
  retry?: RetryPolicy;
  /** How often to enqueue due scheduled re-captures (0: never). */
  schedulerIntervalMs?: number;
  /** How often to sweep unreferenced files (0: only at start; undefined: not at all). */
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

export type WorkerEvent =
  | { type: "claimed"; job: ClaimedJob }
  | { type: "finished"; job: ClaimedJob; outcome: "done" | "retry" | "failed" | "cancelled" | "released" | "lost"; reason?: string; ms: number };

/** Options from the configuration (env), for the web server's worker and `npm run worker`. */
export function configuredWorkerOptions(log?: (line: string) => void): WorkerOptions {
  const settings = config();
  return {
    concurrency: settings.capture.concurrency,
    pollMs: settings.queue.pollMs,
    leaseMs: settings.queue.leaseMs,
    retry: configuredRetry(),
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
 * Pulls capture jobs from the database with `concurrency` parallel slots sharing one browser.
 * Any number of workers (in the web process or `npm run worker`) can run against the same database.
 *
 * Each running job is renewed every third of its lease (at least every second); a renewal that fails means
 * the job was cancelled or handed to another worker, and the capture is aborted at once.
 */
export class CaptureWorker {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  readonly browser: BrowserHost;
  private running = false;
  private slots: Promise<void>[] = [];
  private readonly active = new Map<number, { job: ClaimedJob; controller: AbortController }>();
  private readonly sleepers = new Set<() => void>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly listeners = new Set<(event: WorkerEvent) => void>();
  private unsubscribe: () => void = () => undefined;
  private stopping: Promise<void> | null = null;

  constructor(private readonly options: WorkerOptions) {
    this.browser = new BrowserHost({
      maxContexts: options.concurrency,
      recycleAfterCaptures: options.recycleAfterCaptures ?? 0,
      recycleAboveBytes: options.recycleAboveBytes ?? 0,
      handleSignals: false,
      pidDir: options.runDir,
      log: options.log,
    });
  }

  get leaseMs(): number {
    return this.options.leaseMs ?? config().queue.leaseMs;
  }

  /** Jobs running right now. */
  get runningJobs(): ClaimedJob[] {
    return [...this.active.values()].map((a) => a.job);
  }

  on(listener: (event: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.options.runDir) {
      const { killed } = reapLeftoverBrowsers(this.options.runDir, this.options.log);
      if (killed.length > 0) this.options.log?.(`killed ${killed.length} leftover browser process(es) of dead workers`);
    }
    this.unsubscribe = onJobEnqueued(() => this.notify());
    this.slots = Array.from({ length: this.options.concurrency }, () => this.loop());
    const scheduleEvery = this.options.schedulerIntervalMs ?? 0;
    if (scheduleEvery > 0) this.every(scheduleEvery, () => this.runScheduler(), true);
    if (this.options.sweepIntervalMs !== undefined) {
      void this.runSweep();
      if (this.options.sweepIntervalMs > 0) this.every(this.options.sweepIntervalMs, () => this.runSweep(), false);
    }
    this.options.log?.(`capture worker ${this.id} started with ${this.options.concurrency} slot(s)`);
  }

  /** Wakes idle slots now instead of at the next poll (called after a job is enqueued in this process). */
  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /**
   * Graceful stop: claims nothing more, lets running captures finish for up to `graceMs`, then aborts the rest
   * and hands their jobs back to the queue (without charging an attempt), and closes the browser for good.
   */
  stop(graceMs = config().queue.shutdownGraceMs): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.running = false;
    this.unsubscribe();
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    this.notify();
    const finished = Promise.all(this.slots).then(() => true);
    let graceTimer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([finished, new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(graceTimer);
    if (!inTime) {
      const prisma = db();
      const left = [...this.active.values()];
      this.options.log?.(`returning ${left.length} unfinished capture(s) to the queue`);
      // Hand back first (so the aborted capture can no longer publish), then stop the captures.
      await Promise.all(left.map(({ job }) => releaseJob(prisma, job).catch(() => false)));
      for (const { controller } of left) controller.abort("shutdown");
      await Promise.race([finished, new Promise((r) => setTimeout(r, 10_000).unref())]);
    }
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
      this.options.log?.(`scheduler failed: ${String(error)}`);
    }
  }

  private async runSweep(): Promise<void> {
    try {
      const report = await sweepOrphanFiles({ minAgeMs: this.options.sweepMinAgeMs ?? 3_600_000 });
      if (report.removed.length > 0) this.options.log?.(`swept ${report.removed.length} unreferenced file(s)`);
      if (report.missing.length > 0) this.options.log?.(`files referenced but missing: ${report.missing.slice(0, 5).join(", ")}`);
    } catch (error) {
      this.options.log?.(`sweep failed: ${String(error)}`);
    }
  }

  private async loop(): Promise<void> {
    const prisma = db();
    for (let errors = 0; this.running; ) {
      let job: ClaimedJob | null = null;
      try {
        job = await claimNextJob(prisma, this.id, this.leaseMs);
        errors = 0;
      } catch (error) {
        errors++;
        this.options.log?.(`claim failed: ${String(error)}`);
      }
      if (!this.running) {
        if (job) await releaseJob(prisma, job).catch(() => undefined);
        break;
      }
      if (!job) {
        await this.idle(errors > 0 ? Math.min(30_000, 1000 * 2 ** errors) : undefined);
        continue;
      }
      await this.run(job);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const prisma = db();
    const started = Date.now();
    const controller = new AbortController();
    this.active.set(job.id, { job, controller });
    this.emit({ type: "claimed", job });
    const leaseMs = this.leaseMs;
    let renewing = false;
    let renewedAt = Date.now();
    // A cancel must reach a running capture within about a second, but the lease only needs renewing every third
    // of its length: most beats are a read, not a write competing for SQLite's lock.
    const heartbeat = setInterval(() => {
      if (renewing || controller.signal.aborted) return;
      renewing = true;
      const renew = Date.now() - renewedAt >= leaseMs / 3;
      (renew ? extendLease(prisma, job, leaseMs) : stillHeld(prisma, job))
        .then((held) => {
          if (held && renew) renewedAt = Date.now();
          if (!held && !controller.signal.aborted) {
            this.options.log?.(`job ${job.id} is no longer ours (cancelled or taken over): stopping its capture`);
            controller.abort("Cancelled");
          }
        })
        .catch(() => undefined)
        .finally(() => (renewing = false));
    }, Math.max(200, Math.min(1000, leaseMs / 3)));
    let outcome: Extract<WorkerEvent, { type: "finished" }>["outcome"] = "failed";
    let reason: string | undefined;
    try {
      const result = await processSnapshot(job.snapshotId, this.browser, {
        job,
        signal: controller.signal,
        retry: this.options.retry ?? configuredRetry(),
        limits: this.options.limits,
        lookup: this.options.lookup,
      });
      if (result.ok) outcome = "done";
      else {
        reason = result.reason;
        if (result.aborted) outcome = controller.signal.reason === "shutdown" ? "released" : "cancelled";
        else if (result.lost) outcome = "lost";
        else outcome = result.retrying ? "retry" : "failed";
      }
    } catch (error) {
      reason = String(error);
      this.options.log?.(`job ${job.id} crashed the worker loop: ${reason}`);
      await failJob(prisma, job, { reason: "The capture failed unexpectedly.", transient: true }, this.options.retry ?? configuredRetry()).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      this.active.delete(job.id);
    }
    this.emit({ type: "finished", job, outcome, reason, ms: Date.now() - started });
    this.options.log?.(`job ${job.id} (snapshot ${job.snapshotId}, attempt ${job.attempts}): ${outcome}${reason ? ` — ${reason}` : ""}`);
  }

  private emit(event: WorkerEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a listener's problem is not the worker's
      }
    }
  }

  private idle(ms = this.options.pollMs ?? 1000): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
