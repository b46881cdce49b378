import { diffLines, diffWords, type Change } from "diff";
import { db } from "@/lib/db/client";

/** A piece of an edited line: kept, added or removed words (with their spacing, so pieces join back into text). */
export type WordPart = { kind: "equal" | "added" | "removed"; text: string };

/** One row of a line diff. Line numbers are 1-based, in the older (`a`) and newer (`b`) text. */
export type DiffLine =
  | { kind: "equal"; text: string; aLine: number; bLine: number }
  | { kind: "removed"; text: string; aLine: number }
  | { kind: "added"; text: string; bLine: number }
  /** A line that was edited: shown once, with its word-level changes. */
  | { kind: "changed"; aLine: number; bLine: number; parts: WordPart[] }
  /** A run of unchanged lines left out (only `context` lines around each change are kept). */
  | { kind: "skipped"; count: number; aLine: number; bLine: number };

export type DiffStats = {
  addedLines: number;
  removedLines: number;
  changedLines: number;
  unchangedLines: number;
  addedWords: number;
  removedWords: number;
};

export type TextDiff = {
  identical: boolean;
  stats: DiffStats;
  lines: DiffLine[];
  /** The texts differ too much for a line-by-line comparison within the time allowed: shown as replaced whole. */
  tooLarge: boolean;
};

export type SnapshotSide = { id: number; linkId: number; capturedAt: Date | null; createdAt: Date; textBytes: number | null };

export type SnapshotTextDiff = TextDiff & { a: SnapshotSide; b: SnapshotSide };

export type DiffOptions = {
  /** Unchanged lines kept around each change (default 3); longer unchanged runs become one "skipped" row. */
  context?: number;
  /** Give up on a line-level diff after this long (default 2 s) and report the texts as replaced. */
  timeoutMs?: number;
};

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
  return { a: aSide, b: bSide, ...diffTexts(aText, bText, options) };
}

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** The diff of two texts (see `snapshotTextDiff`). */
export function diffTexts(aText: string, bText: string, options: DiffOptions = {}): TextDiff {
  const context = Math.max(0, options.context ?? 3);
  // Every line ends with a newline, so a last line that gained a successor still compares equal.
  const withEol = (t: string) => (t === "" || t.endsWith("\n") ? t : `${t}\n`);
  const changes = diffLines(withEol(aText), withEol(bText), { timeout: options.timeoutMs ?? 2000 });
  const tooLarge = changes === undefined;
  const blocks: Change[] = changes ?? [
    { value: aText, added: false, removed: true, count: 0 },
    { value: bText, added: true, removed: false, count: 0 },
  ];
  const segmenter = CJK.test(aText) || CJK.test(bText) ? new Intl.Segmenter(undefined, { granularity: "word" }) : undefined;
  const stats: DiffStats = { addedLines: 0, removedLines: 0, changedLines: 0, unchangedLines: 0, addedWords: 0, removedWords: 0 };
  const rows: DiffLine[] = [];
  let aLine = 1;
  let bLine = 1;

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const lines = splitLines(block.value);
    if (!block.added && !block.removed) {
      for (const text of lines) rows.push({ kind: "equal", text, aLine: aLine++, bLine: bLine++ });
      stats.unchangedLines += lines.length;
      continue;
    }
    // A removal followed by an addition is an edit: pair the lines up and diff the similar pairs word by word.
    const next = blocks[i + 1];
    const removed = block.removed ? lines : [];
    const added = block.removed && next?.added ? splitLines(next.value) : block.added ? lines : [];
    if (block.removed && next?.added) i++;
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const before = removed[k];
      const after = added[k];
      if (k < paired && before !== undefined && after !== undefined) {
        const parts = wordDiff(before, after, segmenter);
        if (parts) {
          rows.push({ kind: "changed", aLine: aLine++, bLine: bLine++, parts });
          stats.changedLines++;
          for (const p of parts) {
            if (p.kind === "added") stats.addedWords += countWords(p.text, segmenter);
            if (p.kind === "removed") stats.removedWords += countWords(p.text, segmenter);
          }
          continue;
        }
      }
      if (before !== undefined) {
        rows.push({ kind: "removed", text: before, aLine: aLine++ });
        stats.removedLines++;
        stats.removedWords += countWords(before, segmenter);
      }
      if (after !== undefined) {
        rows.push({ kind: "added", text: after, bLine: bLine++ });
        stats.addedLines++;
        stats.addedWords += countWords(after, segmenter);
      }
    }
  }
  const identical = aText === bText;
  return { identical, stats, lines: collapse(rows, context), tooLarge };
}

function splitLines(value: string): string[] {
  if (value === "") return [];
  const lines = value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Word-level parts of an edited line, or null when the two lines have too little in common to read as an edit. */
function wordDiff(before: string, after: string, segmenter: Intl.Segmenter | undefined): WordPart[] | null {
  const changes = diffWords(before, after, { intlSegmenter: segmenter, timeout: 500 });
  if (!changes) return null;
  let common = 0;
  for (const c of changes) if (!c.added && !c.removed) common += c.value.trim().length;
  const longest = Math.max(before.trim().length, after.trim().length);
  if (longest > 0 && common / longest < 0.4) return null;
  const parts: WordPart[] = [];
  for (const c of changes) {
    const kind = c.added ? "added" : c.removed ? "removed" : "equal";
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += c.value;
    else parts.push({ kind, text: c.value });
  }
  return parts;
}

function countWords(text: string, segmenter: Intl.Segmenter | undefined): number {
  if (segmenter) {
    let n = 0;
    for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
    return n;
  }
  return text.split(/\s+/).filter(Boolean).length;
}

/** Keeps `context` equal lines around changes; longer equal runs become one "skipped" row. */
function collapse(rows: DiffLine[], context: number): DiffLine[] {
  const out: DiffLine[] = [];
  for (let i = 0; i < rows.length;) {
    if (rows[i]!.kind !== "equal") {
      out.push(rows[i++]!);
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end]!.kind === "equal") end++;
    const run = rows.slice(i, end);
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === rows.length ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      const first = run[keepHead] as Extract<DiffLine, { kind: "equal" }>;
      out.push({ kind: "skipped", count: run.length - keepHead - keepTail, aLine: first.aLine, bLine: first.bLine });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    i = end;
  }
  return out;
}
