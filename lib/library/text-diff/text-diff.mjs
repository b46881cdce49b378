// The line-and-word diff of two texts, in plain JavaScript so the diff worker (diff-worker.mjs) can run it in a
// worker thread under `next start` as well as under tsx and vitest. Types: text-diff.d.mts.
import { diffLines, diffWords } from "diff";

/**
 * Bounds on one comparison, so a viewer request costs the same whatever the snapshots hold: each side is cut at
 * `maxChars` (at a line end), only hunks of at most `maxWordDiffLines` line pairs of at most `maxWordDiffLineChars`
 * characters are compared word by word, and at most `maxRows` rows are returned.
 */
export const DIFF_LIMITS = { maxChars: 200_000, maxWordDiffLines: 200, maxWordDiffLineChars: 2_000, maxRows: 1_500 };

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/;

/** @param {string} text @param {number} maxChars */
function cut(text, maxChars) {
  if (text.length <= maxChars) return { text, cut: false };
  const at = text.lastIndexOf("\n", maxChars);
  return { text: text.slice(0, at > maxChars / 2 ? at + 1 : maxChars), cut: true };
}

/** The diff of two texts (see snapshotTextDiff in ../snapshot-diff.ts). */
export function diffTexts(aFull, bFull, options = {}) {
  const limits = { ...DIFF_LIMITS, ...options.limits };
  const context = Math.max(0, options.context ?? 3);
  const a = cut(aFull, limits.maxChars);
  const b = cut(bFull, limits.maxChars);
  const aText = a.text;
  const bText = b.text;
  // Every line ends with a newline, so a last line that gained a successor still compares equal.
  const withEol = (t) => (t === "" || t.endsWith("\n") ? t : `${t}\n`);
  const changes = diffLines(withEol(aText), withEol(bText), { timeout: options.timeoutMs ?? 2000 });
  const tooLarge = changes === undefined;
  const blocks = changes ?? [
    { value: aText, added: false, removed: true, count: 0 },
    { value: bText, added: true, removed: false, count: 0 },
  ];
  const segmenter = CJK.test(aText) || CJK.test(bText) ? new Intl.Segmenter(undefined, { granularity: "word" }) : undefined;
  const stats = { addedLines: 0, removedLines: 0, changedLines: 0, unchangedLines: 0, addedWords: 0, removedWords: 0 };
  const rows = [];
  let aLine = 1;
  let bLine = 1;

  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
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
    // A hunk too long to read word by word is shown as lines: word diffs are the costly part of a big change.
    const wordLevel = !tooLarge && paired <= limits.maxWordDiffLines;
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const before = removed[k];
      const after = added[k];
      if (
        wordLevel &&
        k < paired &&
        before !== undefined &&
        after !== undefined &&
        before.length <= limits.maxWordDiffLineChars &&
        after.length <= limits.maxWordDiffLineChars
      ) {
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
  const identical = aFull === bFull;
  const collapsed = collapse(rows, context);
  const shown = collapsed.slice(0, limits.maxRows);
  const hiddenChanges = collapsed.slice(limits.maxRows).filter((r) => r.kind !== "equal" && r.kind !== "skipped").length;
  return { identical, stats, lines: shown, tooLarge, truncated: a.cut || b.cut, hiddenChanges };
}

function splitLines(value) {
  if (value === "") return [];
  const lines = value.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Word-level parts of an edited line, or null when the two lines have too little in common to read as an edit. */
function wordDiff(before, after, segmenter) {
  const changes = diffWords(before, after, { intlSegmenter: segmenter, timeout: 500 });
  if (!changes) return null;
  let common = 0;
  for (const c of changes) if (!c.added && !c.removed) common += c.value.trim().length;
  const longest = Math.max(before.trim().length, after.trim().length);
  if (longest > 0 && common / longest < 0.4) return null;
  const parts = [];
  for (const c of changes) {
    const kind = c.added ? "added" : c.removed ? "removed" : "equal";
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += c.value;
    else parts.push({ kind, text: c.value });
  }
  return parts;
}

function countWords(text, segmenter) {
  if (segmenter) {
    let n = 0;
    for (const s of segmenter.segment(text)) if (s.isWordLike) n++;
    return n;
  }
  return text.split(/\s+/).filter(Boolean).length;
}

/** Keeps `context` equal lines around changes; longer equal runs become one "skipped" row. */
function collapse(rows, context) {
  const out = [];
  for (let i = 0; i < rows.length;) {
    if (rows[i].kind !== "equal") {
      out.push(rows[i++]);
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end].kind === "equal") end++;
    const run = rows.slice(i, end);
    const keepHead = i === 0 ? 0 : context;
    const keepTail = end === rows.length ? 0 : context;
    if (run.length > keepHead + keepTail + 1) {
      out.push(...run.slice(0, keepHead));
      const first = run[keepHead];
      out.push({ kind: "skipped", count: run.length - keepHead - keepTail, aLine: first.aLine, bLine: first.bLine });
      out.push(...run.slice(run.length - keepTail));
    } else {
      out.push(...run);
    }
    i = end;
  }
  return out;
}
