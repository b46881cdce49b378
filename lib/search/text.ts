// Text normalisation shared by documents and queries, so both sides of a match are turned into the same tokens.

/** Han, Hiragana, Katakana, Hangul: scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;
const CJK_ONE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]/u;

/** NFKC (full-width ↔ half-width), lower case. */
export function normalize(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

export function isCjk(text: string): boolean {
  return CJK_ONE.test(text);
}

/**
 * A run of CJK characters as separate tokens: the first character, every overlapping bigram, the last character
 * ("防火墙" → "防 防火 火墙 墙"). unicode61 would keep the run as one token, so a 2-character word inside it
 * could never match; bigrams let any word of two or more characters match as a phrase of its bigrams.
 */
export function cjkTokens(run: string): string[] {
  const chars = [...run];
  if (chars.length <= 1) return chars;
  const out = [chars[0]!];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  out.push(chars[chars.length - 1]!);
  return out;
}

/** Document text as the word index stores it: normalised, CJK runs spread into bigrams. */
export function indexText(text: string | null | undefined): string {
  if (!text) return "";
  return normalize(text).replace(CJK, (run) => ` ${cjkTokens(run).join(" ")} `);
}

/** The bigrams of a CJK query run, in order (one character stays itself). */
export function cjkQueryTokens(run: string): string[] {
  const chars = [...run];
  if (chars.length <= 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/** Splits normalised text into the unicode61 word tokens (letters and digits), CJK runs kept apart. */
export function wordPieces(text: string): { piece: string; cjk: boolean }[] {
  const out: { piece: string; cjk: boolean }[] = [];
  for (const m of normalize(text).matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    let rest = m[0];
    // Split mixed runs ("docker容器") at script changes.
    for (const part of rest.split(/([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+)/u)) {
      if (part) out.push({ piece: part, cjk: isCjk(part) });
    }
    rest = "";
  }
  return out;
}

/**
 * Text as the PostgreSQL index stores it: the word tokens of `wordPieces` (Latin ones without diacritics, as
 * unicode61 remove_diacritics does) joined by single spaces, with a space at each end. A word is then the substring
 * ` piece … piece ` (`ip_forward` ≡ `ip forward`, `a=1` ≡ `a = 1`), a CJK word a substring inside a run.
 */
export function flatText(text: string | null | undefined): string {
  if (!text) return " ";
  return ` ${wordPieces(text)
    .map((p) => foldPiece(p))
    .join(" ")} `;
}

/** A piece as flatText stores it (diacritics dropped from Latin pieces; CJK kept, or が would become か). */
export function foldPiece(p: { piece: string; cjk: boolean }): string {
  return p.cjk
    ? p.piece
    : p.piece
        .normalize("NFD")
        .replace(/\p{M}+/gu, "")
        .normalize("NFC");
}

/** Every character and every pair of adjacent characters of the text's CJK runs: what a 1–2-character word is looked up by. */
export function cjkGrams(text: string): string[] {
  const out = new Set<string>();
  for (const m of normalize(text).matchAll(CJK)) {
    const chars = [...m[0]];
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]!);
      if (i + 1 < chars.length) out.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...out];
}
