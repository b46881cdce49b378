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
  /** A side was longer than DIFF_LIMITS.maxChars: only its beginning was compared. */
  truncated: boolean;
  /** Changed rows past DIFF_LIMITS.maxRows, counted but not returned. */
  hiddenChanges: number;
};

export type DiffLimits = { maxChars: number; maxWordDiffLines: number; maxWordDiffLineChars: number; maxRows: number };

export type DiffOptions = {
  /** Unchanged lines kept around each change (default 3); longer unchanged runs become one "skipped" row. */
  context?: number;
  /** Give up on a line-level diff after this long (default 2 s) and report the texts as replaced. */
  timeoutMs?: number;
  limits?: Partial<DiffLimits>;
};

export declare const DIFF_LIMITS: DiffLimits;
export declare function diffTexts(aText: string, bText: string, options?: DiffOptions): TextDiff;
