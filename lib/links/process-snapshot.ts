import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { config } from "@/lib/config";
import { capturePage } from "@/lib/capture/capture-page";
import type { CaptureLimits, CaptureResult, CaptureStep as CaptureStage } from "@/lib/capture/types";
import { configuredAllowlist } from "@/lib/capture/engine";
import { abortedError, abortReason, CaptureError, FAILURE, toCaptureError } from "@/lib/capture/errors";
import { sharedBrowserHost, type BrowserHost, type BrowserLease } from "@/lib/capture/browser/host";
import type { LookupFn } from "@/lib/security/address-guard";
import { fileStore, snapshotFolder, type StoredFile } from "@/lib/storage/file-store";
import { seedSourceFor } from "@/lib/seed/seed-source";
import { captureNotes, factColumns, limitNotesOf } from "@/lib/library/snapshot-facts";
import { DEFAULT_RETRY, completeJob, failJob, heldBy, type ClaimedJob, type RetryPolicy } from "@/lib/queue/jobs";

export type ProcessOptions = {
  /** The job being run: results are published only while the job is still held by this worker (fencing). */
  job?: ClaimedJob;
  /** Aborting stops the capture at its next browser step; nothing is written then (cancel, shutdown). */
  signal?: AbortSignal;
  /** Overrides of the configured limits (tests, benches). */
  limits?: Partial<CaptureLimits>;
  /** Name resolution for the capture's fetches (tests). */
  lookup?: LookupFn;
  retry?: RetryPolicy;
  /** Overrides KURA_HIDE_OVERLAYS (tests). */
  hideOverlays?: boolean;
};

export type ProcessOutcome =
  | { ok: true; limitsHit: string[] }
  | {
      ok: false;
      reason: string;
      transient: boolean;
      /** Stopped by the signal: the caller decides what the job becomes. */
      aborted?: boolean;
      /** The job was queued again for another attempt. */
      retrying?: boolean;
      /** The job stopped being this worker's (cancelled, or taken over after its lease ran out). */
      lost?: boolean;
    };

/** A limit a capture ran into: what was cut, in words, for the entry's info. */
class NotPublished extends Error {}

/**
 * Captures one queued snapshot and stores it: files first (written under temporary names and renamed, in a
 * folder of their own per attempt), then one transaction marks the job done and points the rows at them. A
 * failure, a cancellation or a lost lease leaves no file behind and none referenced.
 */
export async function processSnapshot(snapshotId: number, host?: BrowserHost, options: ProcessOptions = {}): Promise<ProcessOutcome> {
  const prisma = db();
  const { job, signal } = options;
  const retry = options.retry ?? DEFAULT_RETRY;
  const snapshot = await prisma.snapshot.findUnique({ where: { id: snapshotId }, include: { link: true } });
  if (!snapshot) return { ok: false, reason: FAILURE.entryDeleted, transient: false };
  const { link } = snapshot;
  const folder = snapshotFolder(link.id, snapshotId);
  const store = fileStore();

  if (snapshot.status === "ready" && (snapshot.htmlPath || snapshot.originalPath)) {
    // Already published (a duplicate run): only the job is left to close.
    if (job) await completeJob(prisma, job);
    return { ok: true, limitsHit: limitNotesOf(snapshot).map((n) => n.limit) };
  }
  // Files of an earlier attempt that died before publishing them: nothing refers to them.
  await store.removeTree(folder).catch(() => undefined);

  const jobWhere = job ? heldBy(job) : { snapshotId };
  const setStage = async (stage: CaptureStage | null) => {
    await prisma
      .$transaction([
        prisma.snapshot.updateMany({ where: { id: snapshotId, status: { in: ["queued", "capturing"] } }, data: { status: "capturing", stage } }),
        prisma.job.updateMany({ where: jobWhere, data: { updatedAt: new Date() } }),
      ])
      .catch(() => undefined);
  };
  const aborted = (): ProcessOutcome | null =>
    signal?.aborted ? { ok: false, reason: abortReason(signal), transient: true, aborted: true } : null;

  const failed = async (failure: CaptureError, durationMs: number): Promise<ProcessOutcome> => {
    if (job) {
      const next = await failJob(prisma, job, { reason: failure.message, transient: failure.transient, httpStatus: failure.httpStatus, durationMs }, retry).catch(
        () => "lost" as const,
      );
      return { ok: false, reason: failure.message, transient: failure.transient, retrying: next === "retry", lost: next === "lost" };
    }
    await prisma.snapshot
      .updateMany({
        where: { id: snapshotId, status: { in: ["queued", "capturing"] } },
        data: { status: "failed", stage: null, error: failure.message, httpStatus: failure.httpStatus ?? null, durationMs },
      })
      .catch(() => undefined);
    return { ok: false, reason: failure.message, transient: failure.transient };
  };

  if (aborted()) return aborted()!;
  await setStage("loading");
  const started = Date.now();
  const limits: CaptureLimits = { ...config().capture, ...options.limits };
  const seed = link.origin === "seed" ? await seedSourceFor(link.url) : null;

  let result: CaptureResult;
  let lease: BrowserLease | null = null;
  const browserHost = host ?? sharedBrowserHost();
  let watchdog: NodeJS.Timeout | undefined;
  try {
    lease = await browserHost.lease();
    if (signal?.aborted) throw abortedError(signal);
    // Past its budget capturePage gives up on its own; this catches a browser so hung that even closing the
    // capture's context does not return: the browser is killed (the next capture gets a fresh one).
    watchdog = setTimeout(() => {
      void browserHost.restart(`a capture of snapshot ${snapshotId} hung past its budget`);
    }, limits.budgetMs + 15_000);
    result = await capturePage(lease.browser, {
      url: seed?.captureUrl ?? link.url,
      html: seed?.html,
      allow: configuredAllowlist(),
      limits,
      lookup: options.lookup,
      onStage: (stage) => void setStage(stage),
      hideOverlays: options.hideOverlays ?? config().capture.hideOverlays,
      signal,
    });
  } catch (error) {
    if (aborted()) return aborted()!;
    const failure = toCaptureError(error);
    if (!failure.expected) console.error(`[kura] capture of snapshot ${snapshotId} failed unexpectedly:`, error);
    return failed(failure, Date.now() - started);
  } finally {
    clearTimeout(watchdog);
    lease?.release();
  }
  if (aborted()) return aborted()!;

  // One folder per attempt: a stale worker that lost its lease can only ever remove its own files.
  const attemptFolder = `${folder}/${job ? `a${job.attempts}-` : ""}${crypto.randomBytes(4).toString("hex")}`;
  try {
    const original = result.original;
    // A kept file (PDF, image, download) is stored as it came, named by its type; a page as its single-file snapshot.
    const [html, originalFile, screenshot, thumbnail] = await Promise.all([
      result.html !== null ? store.write(`${attemptFolder}/page.html`, result.html) : null,
      original ? store.write(`${attemptFolder}/original.${original.file.extension}`, original.file.body) : null,
      result.screenshot ? store.write(`${attemptFolder}/screenshot.webp`, result.screenshot) : null,
      result.thumbnail ? store.write(`${attemptFolder}/thumbnail.webp`, result.thumbnail) : null,
    ]);
    // Seeded write-ups keep their own reader rendering (ArticleBlocks); a page's article is stored sanitized.
    const reader: StoredFile | null =
      result.readerHtml && !seed ? await store.write(`${attemptFolder}/reader.html`, result.readerHtml) : null;
    const favicon: StoredFile | null = result.favicon
      ? await store.write(`${attemptFolder}/favicon${faviconExtension(result.favicon.contentType)}`, result.favicon.body)
      : null;
    const text = seed?.text ?? result.text;
    const readable = result.article;
    const notes = captureNotes(result.limitsHit, limits, result.overlays);
    if (aborted()) throw new NotPublished();
    await prisma.$transaction(async (tx) => {
      if (job && !(await completeJob(tx, job))) throw new NotPublished();
      const { count } = await tx.snapshot.updateMany({
        where: { id: snapshotId, status: { in: ["queued", "capturing"] } },
        data: {
          status: "ready",
          stage: null,
          error: null,
          capturedAt: new Date(),
          durationMs: Date.now() - started,
          httpStatus: result.httpStatus,
          finalUrl: seed ? null : result.finalUrl,
          contentType: result.contentType || "text/html",
          htmlPath: html?.path ?? null,
          htmlSha256: html?.sha256 ?? null,
          htmlBytes: html?.bytes ?? null,
          originalPath: originalFile?.path ?? null,
          originalSha256: originalFile?.sha256 ?? null,
          originalBytes: originalFile?.bytes ?? null,
          screenshotPath: screenshot?.path ?? null,
          screenshotBytes: screenshot?.bytes ?? null,
          thumbnailPath: thumbnail?.path ?? null,
          thumbnailBytes: thumbnail?.bytes ?? null,
          text,
          textBytes: Buffer.byteLength(text, "utf8"),
          readerPath: reader?.path ?? null,
          ...factColumns({ page: seed ? null : result.metadata.details, original: original?.info ?? null, notes, blocked: result.blocked }),
        },
      });
      if (count !== 1) throw new NotPublished(); // cancelled while saving
      await tx.link.update({
        where: { id: link.id },
        data: seed
          ? { faviconPath: favicon?.path ?? link.faviconPath }
          : {
              // The page's own declarations (og:title, JSON-LD headline, <title>) first, Readability's guesses next.
              title: pick(result.metadata.title, readable?.title, link.title),
              description: pick(result.metadata.description, readable?.excerpt, link.description),
              siteName: pick(result.metadata.siteName, readable?.siteName, link.siteName),
              language: pick(result.metadata.language, readable?.lang, link.language),
              faviconPath: favicon?.path ?? link.faviconPath,
            },
      });
    });
    return { ok: true, limitsHit: result.limitsHit };
  } catch (error) {
    await store.removeTree(attemptFolder).catch(() => undefined);
    if (error instanceof NotPublished) {
      return aborted() ?? { ok: false, reason: FAILURE.takenOver, transient: false, lost: true };
    }
    if (aborted()) return aborted()!;
    const failure = toCaptureError(error, "saving");
    return failed(failure, Date.now() - started);
  }
}

/** Words for each limit a capture hit, with the configured value. */

function pick(...values: Array<string | null | undefined>): string | null {
  for (const v of values) {
    const trimmed = v?.replace(/\s+/g, " ").trim();
    if (trimmed) return trimmed.slice(0, 500);
  }
  return null;
}

function faviconExtension(contentType: string): string {
  if (contentType.includes("svg")) return ".svg";
  if (contentType.includes("png")) return ".png";
  if (contentType.includes("gif")) return ".gif";
  if (contentType.includes("webp")) return ".webp";
  if (contentType.includes("jpeg")) return ".jpg";
  return ".ico";
}
