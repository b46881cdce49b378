/**
 * CSS rewriting for single-file snapshots (pure: no I/O, no DOM).
 *
 * Every `url()` (and every string inside `image-set()`) is resolved against the stylesheet's own URL and
 * replaced by what `resolveUrl` returns — a data: URL of the recorded body — or by `data:,` when nothing was
 * recorded, so the result never points at the network. Valid `@import` rules are replaced by the imported
 * sheet's own (recursively rewritten) text, wrapped in `@layer` / `@supports` / `@media` to keep their meaning;
 * `@charset` is dropped (the snapshot is UTF-8). Fragment-only references (`url(#clip)`) are left alone.
 */

export const EMPTY_URL = "data:,";

export type ImportedSheet = { text: string; url: string };

export type CssRewriteOptions = {
  /** Absolute URL the sheet's relative references resolve against. */
  baseUrl: string;
  /** A self-contained replacement (a data: URL) for an absolute resource URL, or null when unknown. */
  resolveUrl: (absoluteUrl: string) => string | null;
  /** The text of an imported stylesheet (and its final URL, the base of its own references), or null. */
  loadImport?: (absoluteUrl: string) => ImportedSheet | null;
  /** Imports are followed this deep at most (cycles are cut regardless). */
  maxDepth?: number;
  /**
   * Replacement for the `:defined` pseudo-class. Custom elements are never upgraded in a script-less replay,
   * so `:defined` would stop matching them; a snapshot swaps it for an attribute test of the same specificity.
   */
  definedSelector?: string;
};

const DEFAULT_MAX_DEPTH = 16;

export function rewriteCss(css: string, options: CssRewriteOptions): string {
  return rewrite(css, options.baseUrl, options, new Set([stripHash(options.baseUrl)]), 0);
}

/** Resolves `raw` against `base`; null when it cannot be made absolute. */
export function resolveUrl(raw: string, base: string): string | null {
  try {
    return new URL(raw, base).href;
  } catch {
    return null;
  }
}

export function stripHash(url: string): string {
  const i = url.indexOf("#");
  return i === -1 ? url : url.slice(0, i);
}

/** The replacement for one reference found in CSS (or an HTML attribute): kept, inlined, or emptied. */
function replacementFor(raw: string, baseUrl: string, resolve: (absoluteUrl: string) => string | null): string {
  const trimmed = raw.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return raw;
  if (/^data:/i.test(trimmed)) return trimmed;
  const absolute = resolveUrl(trimmed, baseUrl);
  if (!absolute || !/^https?:/i.test(absolute)) return EMPTY_URL;
  return resolve(absolute) ?? EMPTY_URL;
}

function rewrite(css: string, baseUrl: string, options: CssRewriteOptions, chain: Set<string>, depth: number): string {
  const n = css.length;
  let out = "";
  let i = 0;
  let braceDepth = 0;
  let atStatementStart = true;
  let seenRule = false;
  // Paren depths at which an image-set() was opened: strings directly inside are URLs.
  const imageSetDepths: number[] = [];
  let parenDepth = 0;
  // A leading BOM is dropped with @charset: the snapshot is one UTF-8 document.
  if (css.charCodeAt(0) === 0xfeff) i = 1;

  while (i < n) {
    const c = css[i]!;
    // Comments
    if (c === "/" && css[i + 1] === "*") {
      const end = css.indexOf("*/", i + 2);
      const stop = end === -1 ? n : end + 2;
      out += css.slice(i, stop);
      i = stop;
      continue;
    }
    if (isWhitespace(c)) {
      out += c;
      i++;
      continue;
    }
    if (braceDepth === 0 && atStatementStart && c === "@") {
      const name = readIdent(css, i + 1);
      const keyword = unescapeCss(name.text).toLowerCase();
      if (keyword === "charset") {
        i = skipStatement(css, name.end);
        continue;
      }
      if (keyword === "import") {
        const end = skipStatement(css, name.end);
        const prelude = css.slice(name.end, css[end - 1] === ";" ? end - 1 : end);
        if (!seenRule) out += inlineImport(prelude, baseUrl, options, chain, depth);
        // An @import after other rules is ignored by browsers: dropping it keeps the same meaning.
        i = end;
        continue;
      }
      if (keyword === "layer" && isLayerStatement(css, name.end)) {
        const end = skipStatement(css, name.end);
        out += css.slice(i, end);
        i = end;
        continue;
      }
      seenRule = true;
      atStatementStart = false;
      out += "@" + name.text;
      i = name.end;
      continue;
    }
    if (c === '"' || c === "'") {
      const str = readString(css, i);
      if (imageSetDepths.length > 0 && imageSetDepths[imageSetDepths.length - 1] === parenDepth) {
        const replacement = replacementFor(str.value, baseUrl, options.resolveUrl);
        out += replacement === str.value ? css.slice(i, str.end) : quoteCss(replacement);
      } else {
        out += css.slice(i, str.end);
      }
      i = str.end;
      markRule();
      continue;
    }
    if (c === "\\") {
      out += css.slice(i, i + 2);
      i += 2;
      markRule();
      continue;
    }
    if (isIdentStart(css, i)) {
      const ident = readIdent(css, i);
      const lower = unescapeCss(ident.text).toLowerCase();
      if (css[ident.end] === "(") {
        if (lower === "url") {
          const token = readUrlToken(css, ident.end + 1);
          if (token) {
            const replacement = replacementFor(token.value, baseUrl, options.resolveUrl);
            out += replacement === token.value ? css.slice(i, token.end) : `url(${quoteCss(replacement)})`;
            i = token.end;
            markRule();
            continue;
          }
        }
        if (lower === "image-set" || lower === "-webkit-image-set") {
          out += ident.text + "(";
          parenDepth++;
          imageSetDepths.push(parenDepth);
          i = ident.end + 1;
          markRule();
          continue;
        }
      }
      out += ident.text;
      i = ident.end;
      markRule();
      continue;
    }
    if (c === ":" && options.definedSelector && css[i + 1] !== ":" && isIdentStart(css, i + 1)) {
      const ident = readIdent(css, i + 1);
      if (unescapeCss(ident.text).toLowerCase() === "defined" && css[ident.end] !== "(") {
        out += options.definedSelector;
        i = ident.end;
        markRule();
        continue;
      }
    }
    if (c === "(") parenDepth++;
    else if (c === ")") {
      if (imageSetDepths[imageSetDepths.length - 1] === parenDepth) imageSetDepths.pop();
      parenDepth = Math.max(0, parenDepth - 1);
    } else if (c === "{") {
      braceDepth++;
    } else if (c === "}") {
      braceDepth = Math.max(0, braceDepth - 1);
      out += c;
      i++;
      if (braceDepth === 0) atStatementStart = true;
      continue;
    } else if (c === ";" && braceDepth === 0) {
      out += c;
      i++;
      atStatementStart = true;
      continue;
    }
    out += c;
    i++;
    markRule();
  }
  return out;

  function markRule(): void {
    if (braceDepth === 0 && atStatementStart) {
      seenRule = true;
      atStatementStart = false;
    }
  }
}

function inlineImport(prelude: string, baseUrl: string, options: CssRewriteOptions, chain: Set<string>, depth: number): string {
  const parsed = parseImportPrelude(prelude);
  if (!parsed || !options.loadImport) return "";
  if (depth >= (options.maxDepth ?? DEFAULT_MAX_DEPTH)) return "";
  const absolute = resolveUrl(parsed.url, baseUrl);
  if (!absolute || !/^https?:/i.test(absolute)) return "";
  const key = stripHash(absolute);
  if (chain.has(key)) return "";
  const sheet = options.loadImport(absolute);
  if (!sheet) return "";
  const nextChain = new Set(chain).add(key);
  let body = rewrite(sheet.text, sheet.url || absolute, options, nextChain, depth + 1).trim();
  if (parsed.media) body = `@media ${parsed.media} {\n${body}\n}`;
  if (parsed.supports !== null) body = `@supports (${parsed.supports}) {\n${body}\n}`;
  if (parsed.layer !== null) body = `@layer${parsed.layer ? " " + parsed.layer : ""} {\n${body}\n}`;
  return `/* @import ${escapeComment(absolute)} */\n${body}\n`;
}

export type ImportPrelude = { url: string; layer: string | null; supports: string | null; media: string };

/** Parses what follows `@import`: the URL, then optional `layer`/`layer(name)`, `supports(...)`, media list. */
export function parseImportPrelude(prelude: string): ImportPrelude | null {
  let i = skipSpaceAndComments(prelude, 0);
  let url: string;
  const c = prelude[i];
  if (c === '"' || c === "'") {
    const str = readString(prelude, i);
    url = str.value;
    i = str.end;
  } else if (isIdentStart(prelude, i)) {
    const ident = readIdent(prelude, i);
    if (unescapeCss(ident.text).toLowerCase() !== "url" || prelude[ident.end] !== "(") return null;
    const token = readUrlToken(prelude, ident.end + 1);
    if (!token) return null;
    url = token.value;
    i = token.end;
  } else {
    return null;
  }
  let layer: string | null = null;
  let supports: string | null = null;
  i = skipSpaceAndComments(prelude, i);
  if (isIdentStart(prelude, i)) {
    const ident = readIdent(prelude, i);
    const lower = ident.text.toLowerCase();
    if (lower === "layer" && prelude[ident.end] !== "(") {
      layer = "";
      i = skipSpaceAndComments(prelude, ident.end);
    } else if (lower === "layer" && prelude[ident.end] === "(") {
      const close = matchParen(prelude, ident.end);
      layer = prelude.slice(ident.end + 1, close).trim();
      i = skipSpaceAndComments(prelude, close + 1);
    }
  }
  if (isIdentStart(prelude, i)) {
    const ident = readIdent(prelude, i);
    if (ident.text.toLowerCase() === "supports" && prelude[ident.end] === "(") {
      const close = matchParen(prelude, ident.end);
      supports = prelude.slice(ident.end + 1, close).trim();
      i = skipSpaceAndComments(prelude, close + 1);
    }
  }
  const media = prelude.slice(i).trim();
  return { url, layer, supports, media: /^all$/i.test(media) ? "" : media };
}

/** Quotes a value as a CSS double-quoted string. */
function quoteCss(value: string): string {
  return `"${value
    .replace(/[\\"]/g, (m) => "\\" + m)
    .replace(/\n/g, "\\a ")
    .replace(/\r/g, "\\d ")
    .replace(/\f/g, "\\c ")}"`;
}

function escapeComment(text: string): string {
  return text.replace(/\*\//g, "*\\/");
}

// ---------------------------------------------------------------------------------------------------------
// A small tokenizer, just enough for strings, identifiers, url() tokens and statements.

function isWhitespace(c: string): boolean {
  return c === " " || c === "\n" || c === "\t" || c === "\r" || c === "\f";
}

function isNameChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x5f || code >= 0x80;
}

function isIdentStart(s: string, i: number): boolean {
  const code = s.charCodeAt(i);
  if (Number.isNaN(code)) return false;
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code >= 0x80) return true;
  if (code === 0x5c) return i + 1 < s.length && s[i + 1] !== "\n";
  if (code === 0x2d) {
    const next = s.charCodeAt(i + 1);
    return next === 0x2d || (isNameChar(next) && !(next >= 0x30 && next <= 0x39)) || (next === 0x5c && s[i + 2] !== "\n");
  }
  return false;
}

function readIdent(s: string, start: number): { text: string; end: number } {
  let i = start;
  while (i < s.length) {
    const code = s.charCodeAt(i);
    if (isNameChar(code)) i++;
    else if (code === 0x5c && i + 1 < s.length && s[i + 1] !== "\n") i = skipEscape(s, i);
    else break;
  }
  return { text: s.slice(start, i), end: i };
}

/** Index just past the escape that starts at `i` (a backslash). */
function skipEscape(s: string, i: number): number {
  let j = i + 1;
  if (/[0-9a-fA-F]/.test(s[j] ?? "")) {
    let k = 0;
    while (k < 6 && /[0-9a-fA-F]/.test(s[j] ?? "")) {
      j++;
      k++;
    }
    if (isWhitespace(s[j] ?? "x")) j += s[j] === "\r" && s[j + 1] === "\n" ? 2 : 1;
    return j;
  }
  return Math.min(s.length, j + 1);
}

function readString(s: string, start: number): { value: string; end: number } {
  const quote = s[start];
  let i = start + 1;
  let value = "";
  while (i < s.length) {
    const c = s[i]!;
    if (c === quote) return { value, end: i + 1 };
    if (c === "\n") return { value, end: i }; // bad string: ends at the newline
    if (c === "\\") {
      if (s[i + 1] === "\n") {
        i += 2;
        continue;
      }
      const end = skipEscape(s, i);
      value += unescapeCss(s.slice(i, end));
      i = end;
      continue;
    }
    value += c;
    i++;
  }
  return { value, end: i };
}

/** Reads the inside of `url(` starting just after the parenthesis; null if it is not a valid url token. */
function readUrlToken(s: string, start: number): { value: string; end: number } | null {
  let i = start;
  while (i < s.length && isWhitespace(s[i]!)) i++;
  const c = s[i];
  if (c === '"' || c === "'") {
    const str = readString(s, i);
    let j = str.end;
    while (j < s.length && isWhitespace(s[j]!)) j++;
    if (s[j] !== ")") return null;
    return { value: str.value, end: j + 1 };
  }
  let value = "";
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === ")") return { value, end: i + 1 };
    if (isWhitespace(ch)) {
      let j = i;
      while (j < s.length && isWhitespace(s[j]!)) j++;
      if (s[j] === ")") return { value, end: j + 1 };
      return null;
    }
    if (ch === '"' || ch === "'" || ch === "(") return null;
    if (ch === "\\") {
      const end = skipEscape(s, i);
      value += unescapeCss(s.slice(i, end));
      i = end;
      continue;
    }
    value += ch;
    i++;
  }
  return null;
}

function unescapeCss(text: string): string {
  if (!text.includes("\\")) return text;
  return text.replace(/\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|([\s\S]))/g, (_, hex: string | undefined, ch: string | undefined) => {
    if (hex) {
      const code = parseInt(hex, 16);
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? "\ufffd" : String.fromCodePoint(code);
    }
    return ch ?? "";
  });
}

function skipSpaceAndComments(s: string, start: number): number {
  let i = start;
  for (;;) {
    while (i < s.length && isWhitespace(s[i]!)) i++;
    if (s[i] === "/" && s[i + 1] === "*") {
      const end = s.indexOf("*/", i + 2);
      i = end === -1 ? s.length : end + 2;
      continue;
    }
    return i;
  }
}

/** Index of the `)` matching the `(` at `open` (strings and nesting respected), or the end of input. */
function matchParen(s: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = readString(s, i).end;
      continue;
    }
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return s.length;
}

/** Index just past the `;` ending the statement at `start` (strings, parens and comments respected). */
function skipStatement(s: string, start: number): number {
  let i = start;
  let depth = 0;
  while (i < s.length) {
    const c = s[i]!;
    if (c === "/" && s[i + 1] === "*") {
      const end = s.indexOf("*/", i + 2);
      i = end === -1 ? s.length : end + 2;
      continue;
    }
    if (c === '"' || c === "'") {
      i = readString(s, i).end;
      continue;
    }
    if (c === "\\") {
      i += 2;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (c === ";" && depth === 0) return i + 1;
    else if (c === "{" && depth === 0) return i; // malformed: let the caller see the block
    i++;
  }
  return s.length;
}

/** `@layer a, b;` (a statement) as opposed to `@layer a { ... }` (a block). */
function isLayerStatement(s: string, start: number): boolean {
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === ";") return true;
    if (c === "{") return false;
  }
  return true;
}
