import path from "node:path";
import { Worker } from "node:worker_threads";
import { db } from "@/lib/db/client";
import {
  DIFF_LIMITS,
  diffTexts,
  type DiffLimits,
  type DiffLine,
  type DiffOptions,
  type DiffStats,
  type TextDiff,
  type WordPart,
} from "./text-diff/text-diff.mjs";

export { DIFF_LIMITS, diffTexts, type DiffLimits, type DiffLine, type DiffOptions, type DiffStats, type TextDiff, type WordPart };

export type SnapshotSide = { id: number; linkId: number; capturedAt: Date | null; createdAt: Date; textBytes: number | null };

export type SnapshotTextDiff = TextDiff & { a: SnapshotSide; b: SnapshotSide };

/**
 * Compares the archived text of two snapshots (usually two captures of one entry, older first) for the UI:
 * a line diff where edited lines carry word-level changes, with long unchanged runs collapsed. Null when a
 * snapshot does not exist or has no text (not captured yet, or failed).
 */
export async function snapshotTextDiff(aSnapshotId: number, bSnapshotId: number, options: DiffOptions = {}): Promise<SnapshotTextDiff | null> {
  const select = { id: true, linkId: true, capturedAt: true, createdAt: true, textBytes: true, text: true } as const;
  const [a, b] = await Promise.all([
    db().snapshot.findUnique({ where: { id: aSnapshotId }, select }),
    db().snapshot.findUnique({ where: { id: bSnapshotId }, select }),
  ]);
  if (!a || !b || a.text === null || b.text === null) return null;
  const { text: aText, ...aSide } = a;
  const { text: bText, ...bSide } = b;
  return { a: aSide, b: bSide, ...(await diffOffThread(aText, bText, options)) };
}

/** A comparison that overran its deadline: nothing to show but that. */
const GAVE_UP: TextDiff = {
  identical: false,
  stats: { addedLines: 0, removedLines: 0, changedLines: 0, unchangedLines: 0, addedWords: 0, removedWords: 0 },
  lines: [],
  tooLarge: true,
  truncated: true,
  hiddenChanges: 0,
};

/** How long one comparison may run in its worker before it is ended and reported as too large. */
export const DIFF_DEADLINE_MS = 5_000;

// By absolute path from the app's folder, like the PDF reader: bundlers do not follow it, so `next start`, tsx and
// vitest load the same file.
const WORKER_FILE = path.resolve(process.cwd(), "lib/library/text-diff/diff-worker.mjs");

/**
 * `diffTexts` in a worker thread, so a large comparison never stalls the server's event loop for other requests; past
 * `deadlineMs` the worker is terminated and the answer says the texts were too large to compare.
 */
export function diffOffThread(aText: string, bText: string, options: DiffOptions = {}, deadlineMs = DIFF_DEADLINE_MS): Promise<TextDiff> {
  // Only what will be compared crosses to the worker (structured clone copies it).
  const maxChars = options.limits?.maxChars ?? DIFF_LIMITS.maxChars;
  const a = aText.length > maxChars + 1 ? aText.slice(0, maxChars + 1) : aText;
  const b = bText.length > maxChars + 1 ? bText.slice(0, maxChars + 1) : bText;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { a, b, options }, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    let settled = false;
    const finish = (end: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      end();
    };
    const timer = setTimeout(() => finish(() => resolve({ ...GAVE_UP, identical: aText === bText })), deadlineMs);
    worker.once("message", (diff: TextDiff) => finish(() => resolve({ ...diff, identical: aText === bText })));
    worker.once("error", (error) => finish(() => reject(error)));
    worker.once("exit", (code) => finish(() => reject(new Error(`the diff worker stopped (exit code ${code})`))));
  });
}
