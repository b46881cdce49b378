import crypto from "node:crypto";
import os from "node:os";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { db, type DbTransaction } from "@/lib/db/client";
import {
  claimNextJob,
  completeJob,
  extendLease,
  failJob,
  releaseJob,
  retryJob,
  stillHeld,
  updateHeldJob,
  type ClaimedJob,
  type JobWrite,
  type RetryPolicy,
} from "./jobs";
import { onJobEnqueued } from "./worker-signal";

/** What a handler is given for one attempt at a job. */
export type JobContext = {
  readonly snapshotId: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborted when the job stops being this worker's (cancelled, taken over) or is handed back at shutdown. */
  readonly signal: AbortSignal;
  /** The fencing check (the job is still held) and `publish` in ONE transaction that also marks the job done; false, with nothing written, when the job is no longer held. */
  commit(publish: JobWrite): Promise<boolean>;
  /** A write while running (progress), made only while the job is held; pollers see the job change. */
  update(write: JobWrite): Promise<boolean>;
};

/** What became of an attempt: the handler's own kinds and details; `reason` is what the job row records for it. */
export type JobOutcome = { kind: string; reason?: string };

/**
 * What an outcome means for its job row, the one thing the queue needs to know about it (the handler says which):
 * - committed: the handler finished the job itself, through `commit` (the job is done);
 * - retry: the job waits for its backoff and runs again (or fails, past its last attempt);
 * - fail: the job ended for good;
 * - leave: nothing to record (the job was cancelled, handed back or taken over: its row is someone else's now).
 */
export type JobSettlement = "committed" | "retry" | "fail" | "leave";

/**
 * The domain's side of a job (as Karakeep's runner takes run/onComplete/onError). `run` does the work; the hooks
 * write what an outcome means for the domain inside the transaction that records it on the job row, and only
 * while the job is still this worker's — so a stale worker can never write over a newer state. The hooks are plain
 * functions (no `this`): the queue may hand one on alone, as claimNextJob takes onAbandon.
 */
export type JobHandler<O extends JobOutcome> = {
  run: (context: JobContext) => Promise<O>;
  /** What the outcome means for the job row. */
  settlement: (outcome: O) => JobSettlement;
  /** Settled "retry": the job waits for its backoff and runs again. */
  onRetry: (tx: DbTransaction, job: ClaimedJob, outcome: O) => Promise<void>;
  /** Settled "fail": the job ended for good. */
  onFail: (tx: DbTransaction, job: ClaimedJob, outcome: O) => Promise<void>;
  /** Shutdown handed the job back to the queue, without charging the attempt. */
  onRelease: (tx: DbTransaction, job: ClaimedJob) => Promise<void>;
  /** The job's worker died on its last attempt: it is given up. Returns why, for the job row. */
  onAbandon: (tx: DbTransaction, job: ClaimedJob) => Promise<string>;
  /** `run` threw (a bug in it): the outcome the attempt counts as. */
  onCrash: (error: unknown, job: ClaimedJob) => O;
};

export type RunnerOptions = {
  concurrency: number;
  pollMs: number;
  leaseMs: number;
  retry: RetryPolicy;
  log?: (line: string) => void;
};

type Finished = { job: ClaimedJob; kind: string; reason?: string; ms: number };

/**
 * Records an attempt's outcome on the job row, as the handler settles it, with the handler's write in the same
 * transaction: "retry" queues it again after its backoff, "fail" ends it; "committed" and "leave" write nothing
 * here. False when a retry or failure found the job no longer held (nothing written).
 */
export async function settleJob<O extends JobOutcome>(
  prisma: PrismaClient,
  job: ClaimedJob,
  outcome: O,
  handler: JobHandler<O>,
  retry: RetryPolicy,
): Promise<boolean> {
  const lastError = outcome.reason ?? outcome.kind;
  const settlement = handler.settlement(outcome);
  if (settlement === "retry") return retryJob(prisma, job, lastError, retry, (tx) => handler.onRetry(tx, job, outcome));
  if (settlement === "fail") return failJob(prisma, job, lastError, (tx) => handler.onFail(tx, job, outcome));
  return true;
}

/** Why a running job's signal was aborted (for logs: the handler tells the user). */
class JobStopped extends Error {
  constructor(readonly cause: "lost" | "shutdown") {
    super(cause === "lost" ? "the job is no longer this worker's (cancelled or taken over)" : "the worker is shutting down");
    this.name = "JobStopped";
  }
}

/**
 * Runs a handler on the jobs of the queue with `concurrency` parallel slots. Any number of runners (in the web
 * process or `npm run worker`) can share one database: claims, leases and fencing keep each job with one of them.
 *
 * Each running job is renewed every third of its lease (and checked every second at least); a check that fails
 * means the job was cancelled or handed to another worker, and its signal is aborted at once.
 */
export class JobRunner<O extends JobOutcome> {
  readonly id = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;
  private running = false;
  private slots: Promise<void>[] = [];
  private readonly active = new Map<number, { job: ClaimedJob; controller: AbortController }>();
  private readonly sleepers = new Set<() => void>();
  private unsubscribe: () => void = () => undefined;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly handler: JobHandler<O>,
    private readonly options: RunnerOptions,
  ) {}

  /** Jobs running right now. */
  get runningJobs(): ClaimedJob[] {
    return [...this.active.values()].map((a) => a.job);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = onJobEnqueued(() => this.notify());
    this.slots = Array.from({ length: this.options.concurrency }, () => this.loop());
  }

  /** Wakes idle slots now instead of at the next poll (called after a job is enqueued in this process). */
  notify(): void {
    for (const wake of [...this.sleepers]) wake();
  }

  /**
   * Graceful stop: claims nothing more, lets running jobs finish for up to `graceMs`, then hands the rest back to
   * the queue (without charging an attempt) and aborts them.
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.doStop(graceMs);
    return this.stopping;
  }

  private async doStop(graceMs: number): Promise<void> {
    this.running = false;
    this.unsubscribe();
    this.notify();
    const finished = Promise.all(this.slots).then(() => true);
    let graceTimer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([finished, new Promise<boolean>((r) => (graceTimer = setTimeout(() => r(false), graceMs)))]);
    clearTimeout(graceTimer);
    if (inTime) return;
    const left = [...this.active.values()];
    this.options.log?.(`returning ${left.length} unfinished job(s) to the queue`);
    // Hand back first (so the aborted attempt can no longer publish), then stop it.
    await Promise.all(left.map(({ job }) => this.release(job)));
    for (const { controller } of left) controller.abort(new JobStopped("shutdown"));
    await Promise.race([finished, new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  private async release(job: ClaimedJob): Promise<boolean> {
    try {
      return await releaseJob(db(), job, (tx) => this.handler.onRelease(tx, job));
    } catch (error) {
      // Its lease then runs out and another worker reclaims it: later, but nothing is lost.
      this.options.log?.(`could not hand job ${job.id} back (it is reclaimed when its lease ends): ${String(error)}`);
      return false;
    }
  }

  private async loop(): Promise<void> {
    for (let errors = 0; this.running;) {
      let job: ClaimedJob | null = null;
      try {
        job = await claimNextJob(db(), this.id, this.options.leaseMs, this.handler.onAbandon);
        errors = 0;
      } catch (error) {
        errors++;
        this.options.log?.(`claim failed: ${String(error)}`);
      }
      if (!this.running) {
        if (job) await this.release(job);
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
    const heartbeat = this.heartbeat(job, controller);
    const context: JobContext = {
      snapshotId: job.snapshotId,
      attempt: job.attempts,
      maxAttempts: job.maxAttempts,
      signal: controller.signal,
      commit: (publish) => completeJob(prisma, job, publish),
      update: (write) => updateHeldJob(prisma, job, write),
    };
    let outcome: O;
    try {
      outcome = await this.handler.run(context);
    } catch (error) {
      this.options.log?.(`job ${job.id} crashed its handler: ${String(error)}`);
      outcome = this.handler.onCrash(error, job);
    } finally {
      clearInterval(heartbeat);
    }
    let kind = outcome.kind;
    try {
      const shutdown = controller.signal.reason instanceof JobStopped && controller.signal.reason.cause === "shutdown";
      if (!(await settleJob(prisma, job, outcome, this.handler, this.options.retry))) kind = "lost";
      else if (shutdown && this.handler.settlement(outcome) === "leave") kind = "released";
    } catch (error) {
      // The job row keeps its lease, which runs out: another worker then reclaims the job.
      this.options.log?.(`job ${job.id}: recording its outcome failed (it is reclaimed when its lease ends): ${String(error)}`);
    } finally {
      this.active.delete(job.id);
    }
    this.finished({ job, kind, reason: outcome.reason, ms: Date.now() - started });
  }

  /** Renews the lease every third of its length, and checks every second at most that the job is still held. */
  private heartbeat(job: ClaimedJob, controller: AbortController): NodeJS.Timeout {
    const prisma = db();
    const leaseMs = this.options.leaseMs;
    let beating = false;
    let renewedAt = Date.now();
    // A cancel must reach a running job within about a second, but the lease only needs renewing every third of its
    // length: most beats are a read, not a write competing for SQLite's lock.
    return setInterval(
      () => {
        if (beating || controller.signal.aborted) return;
        beating = true;
        const renew = Date.now() - renewedAt >= leaseMs / 3;
        (renew ? extendLease(prisma, job, leaseMs) : stillHeld(prisma, job))
          .then((held) => {
            if (held && renew) renewedAt = Date.now();
            if (!held && !controller.signal.aborted) {
              this.options.log?.(`job ${job.id} is no longer ours (cancelled or taken over): stopping it`);
              controller.abort(new JobStopped("lost"));
            }
          })
          .catch((error: unknown) => this.options.log?.(`job ${job.id}: heartbeat failed (retried at the next beat): ${String(error)}`))
          .finally(() => (beating = false));
      },
      Math.max(200, Math.min(1000, leaseMs / 3)),
    );
  }

  private finished({ job, kind, reason, ms }: Finished): void {
    this.options.log?.(`job ${job.id} (snapshot ${job.snapshotId}, attempt ${job.attempts}): ${kind}${reason ? ` — ${reason}` : ""} in ${ms} ms`);
  }

  private idle(ms = this.options.pollMs): Promise<void> {
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
