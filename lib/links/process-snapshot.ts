import { db } from "@/lib/db/client";
import { captureWithDefaults } from "@/lib/capture/engine";
import type { CaptureResult, CaptureStage } from "@/lib/capture/capture";
import { CaptureError, toCaptureError } from "@/lib/capture/errors";
import { fileStore, snapshotFolder } from "@/lib/storage/file-store";
import { seedSourceFor } from "@/lib/seed/seed-source";
import type { BrowserHost } from "@/lib/capture/browser-host";

export type ProcessOutcome = { ok: true } | { ok: false; reason: string; transient: boolean };

/**
 * Captures one queued snapshot and stores it: files first (atomically), then one transaction points the rows at
 * them. A failure leaves the snapshot marked failed with the reason, and no file referenced.
 */
export async function processSnapshot(snapshotId: number, host?: BrowserHost): Promise<ProcessOutcome> {
  const prisma = db();
  const snapshot = await prisma.snapshot.findUnique({ where: { id: snapshotId }, include: { link: true } });
  if (!snapshot) return { ok: false, reason: "The entry was deleted.", transient: false };
  const { link } = snapshot;
  const setStage = (stage: CaptureStage | null) =>
    prisma.snapshot.updateMany({ where: { id: snapshotId }, data: { status: "capturing", stage } }).catch(() => undefined);
  await setStage("loading");

  const started = Date.now();
  let result: CaptureResult;
  const seed = link.origin === "seed" ? await seedSourceFor(link.url) : null;
  try {
    result = await captureWithDefaults(
      { url: seed?.captureUrl ?? link.url, html: seed?.html, onStage: (stage) => void setStage(stage) },
      host,
    );
  } catch (error) {
    const failure = toCaptureError(error);
    if (!failure.expected) console.error(`[kura] capture of snapshot ${snapshotId} failed unexpectedly:`, error);
    await prisma.snapshot.update({
      where: { id: snapshotId },
      data: {
        status: "failed",
        stage: null,
        error: failure.message,
        httpStatus: failure.httpStatus ?? null,
        durationMs: Date.now() - started,
      },
    });
    return { ok: false, reason: failure.message, transient: failure.transient };
  }

  const folder = snapshotFolder(link.id, snapshotId);
  const store = fileStore();
  try {
    const [html, screenshot, thumbnail] = await Promise.all([
      store.write(`${folder}/page.html`, result.html),
      store.write(`${folder}/screenshot.webp`, result.screenshot),
      store.write(`${folder}/thumbnail.webp`, result.thumbnail),
    ]);
    const favicon = result.favicon
      ? await store.write(`${folder}/favicon${faviconExtension(result.favicon.contentType)}`, result.favicon.body)
      : null;
    const text = seed?.text ?? result.text;
    const readable = result.article;
    await prisma.$transaction([
      prisma.snapshot.update({
        where: { id: snapshotId },
        data: {
          status: "ready",
          stage: null,
          error: null,
          capturedAt: new Date(),
          durationMs: Date.now() - started,
          httpStatus: result.httpStatus,
          finalUrl: seed ? null : result.finalUrl,
          contentType: result.contentType || "text/html",
          htmlPath: html.path,
          htmlSha256: html.sha256,
          htmlBytes: html.bytes,
          screenshotPath: screenshot.path,
          screenshotBytes: screenshot.bytes,
          thumbnailPath: thumbnail.path,
          thumbnailBytes: thumbnail.bytes,
          text,
          textBytes: Buffer.byteLength(text, "utf8"),
        },
      }),
      prisma.link.update({
        where: { id: link.id },
        data: seed
          ? { faviconPath: favicon?.path ?? link.faviconPath }
          : {
              title: pick(result.metadata.title, readable?.title, link.title),
              description: pick(result.metadata.description, readable?.excerpt, link.description),
              siteName: pick(result.metadata.siteName, readable?.siteName, link.siteName),
              language: pick(result.metadata.language, readable?.lang, link.language),
              faviconPath: favicon?.path ?? link.faviconPath,
            },
      }),
    ]);
    return { ok: true };
  } catch (error) {
    await store.removeTree(folder).catch(() => undefined);
    const failure = error instanceof CaptureError ? error : new CaptureError(`Saving the snapshot failed: ${String(error)}`, true);
    await prisma.snapshot
      .update({ where: { id: snapshotId }, data: { status: "failed", stage: null, error: failure.message } })
      .catch(() => undefined);
    return { ok: false, reason: failure.message, transient: failure.transient };
  }
}

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
