import crypto from "node:crypto";
import os from "node:os";
import { db } from "@/lib/db/client";
import { BrowserHost } from "@/lib/capture/browser-host";
import { processSnapshot } from "@/lib/links/process-snapshot";
import { onJobEnqueued } from "./worker-signal";
import { claimNextJob, completeJob, DEFAULT_LEASE_MS, extendLease, failJob, releaseJob, type ClaimedJob } from "./jobs";

export type WorkerOptions = { concurrency: number; pollMs?: number; leaseMs?: number; log?: (line: string) => void };

/**
 * Pulls capture jobs from the database with `concurrency` parallel slots sharing one browser.
 * Any number of workers (in the web process or `npm run worker`) can run against the same database.
 */
export class CaptureWorker {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  private readonly browser = new BrowserHost();
  private running = false;
  private slots: Promise<void>[] = [];
  private readonly active = new Map<number, ClaimedJob>();
  private readonly sleepers = new Set<() => void>();
  private unsubscribe: () => void = () => undefined;

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onJobEnqueued(() => this.notify());
    this.slots = Array.from({ length: this.options.concurrency }, () => this.loop());
    this.options.log?.(`capture worker ${this.id} started with ${this.options.concurrency} slot(s)`);
  }

  /** Wakes idle slots now instead of at the next poll (called after a job is enqueued in this process). */
  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /** Stops claiming, waits up to `graceMs` for running captures, hands the rest back to the queue. */
  async stop(graceMs = 20_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe();
    this.notify();
    const finished = Promise.all(this.slots).then(() => true);
    const inTime = await Promise.race([finished, new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
    if (!inTime) {
      await Promise.all([...this.active.values()].map((job) => releaseJob(db(), job).catch(() => undefined)));
    }
    await this.browser.close();
  }

  private async loop(): Promise<void> {
    const prisma = db();
    while (this.running) {
      let job: ClaimedJob | null = null;
      try {
        job = await claimNextJob(prisma, this.id, this.options.leaseMs ?? DEFAULT_LEASE_MS);
      } catch (error) {
        this.options.log?.(`claim failed: ${String(error)}`);
      }
      if (!job) {
        await this.idle();
        continue;
      }
      await this.run(job);
    }
  }

  private async run(job: ClaimedJob): Promise<void> {
    const prisma = db();
    this.active.set(job.id, job);
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const heartbeat = setInterval(() => void extendLease(prisma, job, this.id, leaseMs).catch(() => undefined), leaseMs / 3);
    try {
      const outcome = await processSnapshot(job.snapshotId, this.browser);
      if (outcome.ok) {
        await completeJob(prisma, job);
      } else {
        const retry = await failJob(prisma, job, outcome.reason, outcome.transient);
        if (retry) {
          await prisma.snapshot.updateMany({
            where: { id: job.snapshotId },
            data: { status: "queued", stage: null, error: `${outcome.reason} Retrying (attempt ${job.attempts + 1} of ${job.maxAttempts}).` },
          });
        }
      }
    } catch (error) {
      await failJob(prisma, job, String(error), true).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      this.active.delete(job.id);
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, this.options.pollMs ?? 1000);
      this.sleepers.add(wake);
    });
  }
}
