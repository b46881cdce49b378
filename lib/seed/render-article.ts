/**
 * Turns a seed write-up (plain text extracted from a web page, see prisma/seed-articles/README.md)
 * into blocks, a plain-text body for reading/search, and a standalone HTML5 document.
 *
 * The parser never invents or drops text: apart from the line-number gutters of code highlighters
 * (runs of lines "1", "2", … "N" followed by the N lines of code), every non-whitespace character of
 * the input ends up, in order, in exactly one block. Only the grouping into blocks is inferred.
 */
import { htmlLang, type SeedArticle, type SeedLanguage } from "./articles";

export type BlockKind = "paragraph" | "heading" | "code" | "nav" | "footer";
export type Block = { kind: BlockKind; text: string };

/** What kind of heading a heading block is; used by the renderer to pick a level. */
export type HeadingRole =
  /** The page's own title line at the very top of the text. */
  | "title"
  /** "二、问题排查", "1. Background", "2. トラブルシューティング" */
  | "section"
  /** "情况一:…", "Case 1: …", "ケース1: …" */
  | "case"
  /** A short standalone line such as "引子" or "Reference". */
  | "minor";

export type DetailedBlock = Block & { role?: HeadingRole };

// ---------------------------------------------------------------------------------------------
// Line-level patterns

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]/u;
const CJK_GLOBAL = new RegExp(CJK.source, "gu");

/** Navigation of the link snapshot platform the text was saved with (000). */
const NAV_SIGNATURES = ["链接快照平台"];
/** The syndication site whose footer 001 and 003 end with. */
const SITE_FOOTER_MARK = /123WORDPRESS/i;
/** Where that site's boilerplate starts inside the line that carries the mark. */
const SITE_FOOTER_LEAD = /(?:Summarize\s+)?The above is the (?:full|entire|whole) content of this article|上記はこの記事の全内容|以上就是本文的全部内容/;
/** Standalone lines right before that boilerplate which belong to it ("Summarize"). */
const SITE_FOOTER_HEADINGS = new Set(["要約する", "要約", "Summarize", "Summary", "总结"]);
/** A blog theme's widget text left at the very end (004). */
const TRAILING_WIDGET_LINES = new Set(["Donate comment here"]);

const SECTION_ZH = /^[一二三四五六七八九十]+、\S/u;
const SECTION_NUMBERED = /^\d{1,2}\.\s*\S/u;
const CASE_HEADING = /^(?:情况|ケース|Case\s*)[一二三四五六七八九十\d]+\s*[:：]\s*\S/u;
const PUNCTUATION = /[。．.,，、:：;；!?！？()（）「」『』“”"'‘’…]/u;
const TERMINAL_PUNCTUATION = /[。．.!?！？:：;；,，、]$/u;

/**
 * A line that is a shell command or program output on its own. Commands in the Japanese
 * machine translation keep their shape ("ファイアウォール-cmd --state", "エコー 'net.ipv4…'").
 */
const COMMAND_LINE =
  /^(?:\$ ?\S|sudo\s+\S|docker\s+(?:run|build|pull|push|ps|exec|network|info|version|logs)\b|(?:firewall-cmd|ファイアウォール(?:-cmd|コマンド))\s+-|systemctl\s+\S|sysctl\s+[-a-z]|ip6?tables(?:-save|-restore|-legacy|-nft)?\s+-|echo\s+['"$]|エコー\s+['"]|modprobe\s+[a-z]|xtables-monitor\s+-|WARNING: )/u;

function isCommandLine(line: string): boolean {
  const t = line.trim();
  return t.length > 0 && t.length <= 240 && COMMAND_LINE.test(t) && !/[。．]\s*$/u.test(t);
}

function cjkRatio(s: string): number {
  const letters = s.replace(/[\s\p{P}\p{S}\d]/gu, "").length;
  if (letters === 0) return 0;
  return (s.match(CJK_GLOBAL)?.length ?? 0) / letters;
}

/** A huge single-line Latin paragraph (001): several paragraphs, headings and commands run together. */
function isRunTogetherLine(line: string): boolean {
  return line.length > 600 && cjkRatio(line) < 0.05;
}

// ---------------------------------------------------------------------------------------------
// Step 1: lines, gutters removed

type Item = { type: "blank" } | { type: "line"; text: string } | { type: "code"; lines: string[] };

/**
 * Splits the text into lines and replaces every line-number gutter run ("1", "2", … "N" on their
 * own lines, preceded by a blank line or the start, followed directly by code) plus the N lines
 * after it by one code item.
 */
function toItems(text: string): Item[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const items: Item[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    const n = gutterLength(lines, i);
    if (n > 0) {
      const code = lines.slice(i + n, i + n + n).map((l) => l.trimEnd());
      while (code.length > 0 && code[code.length - 1] === "") code.pop();
      items.push({ type: "code", lines: code });
      i += n + n;
      continue;
    }
    items.push(line.trim() === "" ? { type: "blank" } : { type: "line", text: line });
    i += 1;
  }
  return items;
}

/** N if a gutter "1".."N" starts at line i (and N lines of code follow it), else 0. */
function gutterLength(lines: string[], i: number): number {
  if ((lines[i] ?? "").trim() !== "1") return 0;
  if (i > 0 && (lines[i - 1] ?? "").trim() !== "") return 0;
  let n = 1;
  while ((lines[i + n] ?? "").trim() === String(n + 1)) n += 1;
  const first = lines[i + n];
  if (first === undefined || first.trim() === "") return 0;
  if (lines.length < i + n + n) return 0;
  return n;
}

// ---------------------------------------------------------------------------------------------
// Step 2: blocks

/** The text's blocks: paragraphs, headings, code (gutters removed), nav and footer. */
export function parseArticle(text: string): Block[] {
  return parseArticleDetailed(text).map(({ kind, text: t }) => ({ kind, text: t }));
}

/** Like parseArticle, with the role of each heading. */
export function parseArticleDetailed(text: string): DetailedBlock[] {
  const items = toItems(text);
  const blocks: DetailedBlock[] = [];

  // Navigation: the first group of lines, if it is the snapshot platform's menu.
  let start = 0;
  while (start < items.length && items[start]?.type === "blank") start += 1;
  {
    let end = start;
    const navLines: string[] = [];
    while (end < items.length) {
      const it = items[end];
      if (it?.type !== "line") break;
      navLines.push(it.text.trim());
      end += 1;
    }
    if (navLines.length > 0 && navLines.some((l) => NAV_SIGNATURES.some((s) => l.includes(s))) && navLines.every((l) => l.length <= 30)) {
      blocks.push({ kind: "nav", text: navLines.join("\n") });
      start = end;
    }
  }

  // Footer: the syndication site's boilerplate and teaser list, or a trailing widget line.
  const footer: string[] = [];
  let stop = items.length;
  const markAt = items.findIndex((it, k) => k >= start && it.type === "line" && SITE_FOOTER_MARK.test(it.text));
  if (markAt >= 0) {
    const it = items[markAt] as { type: "line"; text: string };
    const mark = it.text.search(SITE_FOOTER_MARK);
    const lead = it.text.search(SITE_FOOTER_LEAD);
    const cut = lead >= 0 && lead < mark ? lead : 0;
    let from = markAt;
    let head: string | null = null;
    if (cut > 0 && it.text.slice(0, cut).trim() !== "") {
      head = it.text.slice(0, cut);
    } else {
      // A "Summarize"-style line standing just before the boilerplate belongs to it.
      let k = markAt - 1;
      while (k >= start && items[k]?.type === "blank") k -= 1;
      const prev = items[k];
      if (prev?.type === "line" && SITE_FOOTER_HEADINGS.has(prev.text.trim())) from = k;
    }
    for (let k = from; k < items.length; k++) {
      const f = items[k];
      if (!f || f.type === "blank") continue;
      if (f.type === "code") {
        footer.push(f.lines.join("\n"));
        continue;
      }
      const t = (k === markAt ? f.text.slice(cut) : f.text).trim();
      if (t !== "") footer.push(t);
    }
    stop = from;
    if (head !== null) {
      items.splice(markAt, 1, { type: "line", text: head });
      stop = markAt + 1;
    }
  } else {
    let k = items.length - 1;
    while (k >= start && items[k]?.type === "blank") k -= 1;
    const last = items[k];
    if (last?.type === "line" && TRAILING_WIDGET_LINES.has(last.text.trim())) {
      footer.push(last.text.trim());
      stop = k;
    }
  }

  // Body.
  const body = items.slice(start, stop);
  const isBlank = (k: number) => {
    const it = body[k];
    return it === undefined || it.type === "blank";
  };
  const hasSections = body.some((it) => it.type === "line" && isSectionHeading(it.text.trim()) && it.text.trim().length <= 40);
  const headings = new Map<string, HeadingRole>();
  let pendingCode: string[] = [];
  const flushCode = () => {
    if (pendingCode.length > 0) blocks.push({ kind: "code", text: pendingCode.join("\n") });
    pendingCode = [];
  };
  let firstLine = true;

  for (let k = 0; k < body.length; k++) {
    const it = body[k]!;
    if (it.type === "blank") {
      flushCode();
      continue;
    }
    if (it.type === "code") {
      flushCode();
      blocks.push({ kind: "code", text: it.lines.join("\n") });
      firstLine = false;
      continue;
    }
    const raw = it.text;
    const t = raw.trim();
    const wasFirst = firstLine;
    firstLine = false;

    if (isCommandLine(t)) {
      pendingCode.push(raw.trimEnd());
      continue;
    }
    flushCode();

    if (isRunTogetherLine(t)) {
      blocks.push(...splitRunTogether(t));
      continue;
    }

    const standalone = isBlank(k - 1) && isBlank(k + 1);
    const role = standalone ? headingRole(t, wasFirst, headings, hasSections) : undefined;
    if (role) {
      headings.set(t, role);
      blocks.push({ kind: "heading", text: t, role });
    } else {
      blocks.push({ kind: "paragraph", text: t });
    }
  }
  flushCode();

  for (const f of footer) blocks.push({ kind: "footer", text: f });
  return blocks;
}

function isSectionHeading(t: string): boolean {
  if (SECTION_ZH.test(t)) return t.length <= 40;
  return SECTION_NUMBERED.test(t) && t.length <= 40 && !/[。．]/u.test(t) && !TERMINAL_PUNCTUATION.test(t);
}

function headingRole(t: string, first: boolean, seen: Map<string, HeadingRole>, hasSections: boolean): HeadingRole | undefined {
  const again = seen.get(t);
  if (again) return again;
  if (isSectionHeading(t)) return "section";
  if (CASE_HEADING.test(t) && t.length <= 80 && !/[。．]$/u.test(t)) return "case";
  if (first && t.length <= 120 && !TERMINAL_PUNCTUATION.test(t) && !t.includes("。")) return "title";
  if (t.length <= 20 && !PUNCTUATION.test(t) && /\p{L}/u.test(t) && !/^\d/.test(t)) {
    return hasSections ? "minor" : "section";
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Step 3: run-together lines (001)

type Token = { text: string; start: number; end: number };

const HEADING_STOPWORDS = new Set(["a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "with", "by", "from", "at", "as", "into", "via"]);

/**
 * Splits one huge line at markers that are unambiguous in running English text:
 * - "N. Word" followed by a capitalised word at a sentence boundary → heading ("2. Troubleshooting");
 * - "Case N: …" at a sentence boundary → heading, up to the first capitalised word that does not
 *   follow an article or preposition ("Case 3: IP_FORWARD is not enabled | Because …"); if no
 *   such end is found, only a paragraph break;
 * - a shell command at a sentence boundary (after . : ? ! or another block):
 *   firewall-cmd, systemctl, sysctl, docker run, echo '…', iptables -… → code, up to the next
 *   capitalised word or "N." list marker (several commands in a row become lines of one block);
 * - "N. Capitalised" list markers and ": Capitalised" outside parentheses → paragraph breaks.
 * Pieces are cut at whitespace only, so their concatenation is the line.
 */
function splitRunTogether(line: string): DetailedBlock[] {
  const tokens: Token[] = [...line.matchAll(/\S+/g)].map((m) => ({
    text: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
  const n = tokens.length;
  const tok = (k: number) => tokens[k]?.text ?? "";
  const slice = (from: number, to: number) => line.slice(tokens[from]!.start, tokens[to - 1]!.end);

  const out: DetailedBlock[] = [];
  let paraStart: number | null = null;
  let depth = 0;
  let afterBlock = true; // at the start, or right after a heading/code piece

  const flushPara = (to: number) => {
    if (paraStart !== null && to > paraStart) out.push({ kind: "paragraph", text: slice(paraStart, to) });
    paraStart = null;
    depth = 0;
  };

  let i = 0;
  while (i < n) {
    const t = tok(i);
    const boundary = afterBlock || (depth <= 0 && /[.:?!]["”’)]?$/u.test(tok(i - 1)));
    afterBlock = false;

    if (boundary) {
      // "2. Troubleshooting When …"
      if (/^\d{1,2}\.$/.test(t) && /^[A-Z][a-z]+$/.test(tok(i + 1)) && /^[A-Z]/.test(tok(i + 2))) {
        flushPara(i);
        out.push({ kind: "heading", text: slice(i, i + 2), role: "section" });
        i += 2;
        afterBlock = true;
        continue;
      }
      // "Case 1: The firewall is turned on but no ports are open CentOS 7 comes with …"
      if (t === "Case" && /^\d{1,2}:$/.test(tok(i + 1))) {
        const end = caseTitleEnd(tokens, i + 2);
        flushPara(i);
        if (end !== null) {
          out.push({ kind: "heading", text: slice(i, end), role: "case" });
          i = end;
          afterBlock = true;
          continue;
        }
      }
      // "… with the following command: firewall-cmd --state If the output …"
      const cmdEnd = commandStarts(tokens, i) ? commandEnd(tokens, i) : null;
      if (cmdEnd !== null) {
        flushPara(i);
        const lines: string[] = [];
        let lineStart = i;
        for (let k = i + 1; k <= cmdEnd; k++) {
          if (k === cmdEnd || (commandStarts(tokens, k) && !insideQuote(tokens, i, k))) {
            lines.push(slice(lineStart, k));
            lineStart = k;
          }
        }
        out.push({ kind: "code", text: lines.join("\n") });
        i = cmdEnd;
        afterBlock = true;
        continue;
      }
      // "There are two solutions: 1. Turn off …" / "… prompt TimeOut: However, …"
      const listMarker = /^\d{1,2}\.$/.test(t) && /^[A-Z]/.test(tok(i + 1));
      const afterColon = /:$/.test(tok(i - 1)) && /^[A-Z]/.test(t) && depth <= 0;
      if (listMarker || afterColon) flushPara(i);
    }

    if (paraStart === null) paraStart = i;
    depth += (t.match(/[(（]/gu)?.length ?? 0) - (t.match(/[)）]/gu)?.length ?? 0);
    i += 1;
  }
  flushPara(n);
  return out;
}

function caseTitleEnd(tokens: Token[], from: number): number | null {
  for (let j = from + 1; j < Math.min(tokens.length, from + 16); j++) {
    const prev = tokens[j - 1]!.text;
    if (/[.?!;,:]$/.test(prev)) return null;
    if (/^[A-Z]/.test(tokens[j]!.text) && !HEADING_STOPWORDS.has(prev.toLowerCase())) return j;
  }
  return null;
}

const COMMAND_WORDS = new Set(["firewall-cmd", "systemctl", "sysctl", "docker", "echo", "iptables"]);

function commandStarts(tokens: Token[], i: number): boolean {
  const t = tokens[i]?.text ?? "";
  const next = tokens[i + 1]?.text ?? "";
  if (!COMMAND_WORDS.has(t) || next === "") return false;
  switch (t) {
    case "docker":
      return /^(?:run|build|pull|push|ps|exec|logs)$/.test(next);
    case "echo":
      return /^['"]/.test(next);
    case "iptables":
      return next.startsWith("-");
    default:
      return /^[a-z-]/.test(next);
  }
}

/** Index after the last token of the command(s) starting at i, or null if it has no arguments. */
function commandEnd(tokens: Token[], i: number): number | null {
  let quote: string | null = null;
  let j = i + 1;
  for (; j < tokens.length && j < i + 40; j++) {
    const t = tokens[j]!.text;
    if (quote !== null) {
      if (t.endsWith(quote)) quote = null;
      continue;
    }
    if (/^[A-Z]/.test(t) || /^\d{1,2}\.$/.test(t)) break;
    const q = t[0];
    if ((q === "'" || q === '"') && (t.length === 1 || !t.endsWith(q))) quote = q;
  }
  if (quote !== null) return null;
  return j > i + 1 ? j : null;
}

function insideQuote(tokens: Token[], from: number, at: number): boolean {
  let quote: string | null = null;
  for (let k = from; k < at; k++) {
    const t = tokens[k]!.text;
    if (quote !== null) {
      if (t.endsWith(quote)) quote = null;
      continue;
    }
    const q = t[0];
    if ((q === "'" || q === '"') && (t.length === 1 || !t.endsWith(q))) quote = q;
  }
  return quote !== null;
}

// ---------------------------------------------------------------------------------------------
// Plain text

/** The text to store for reading and search: all blocks, gutters removed, separated by blank lines. */
export function articlePlainText(text: string): string {
  return parseArticle(text)
    .map((b) => b.text)
    .join("\n\n");
}

// ---------------------------------------------------------------------------------------------
// HTML

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

type Labels = {
  languageName: string;
  tags: string;
  published: string;
  nav: string;
  footer: string;
  sourceTitle: string;
};

const LABELS: Record<SeedLanguage, Labels> = {
  zh: {
    languageName: "中文",
    tags: "标签",
    published: "发布于",
    nav: "本文保存自“链接快照平台”,以下是保存时一并截取的平台导航:",
    footer: "以下为来源网站的页脚,与正文无关",
    sourceTitle: "原页面标题",
  },
  en: {
    languageName: "English",
    tags: "Tags",
    published: "Published",
    nav: "Saved from a link snapshot platform; its navigation was captured with the text:",
    footer: "Footer of the source site — not part of the article",
    sourceTitle: "Original page title",
  },
  ja: {
    languageName: "日本語",
    tags: "タグ",
    published: "公開日",
    nav: "リンクスナップショットサービスから保存されたテキストです。保存時に含まれたナビゲーション:",
    footer: "以下は転載元サイトのフッターで、本文とは関係ありません",
    sourceTitle: "元ページのタイトル",
  },
};

const FONT_STACKS: Record<SeedLanguage, { body: string; mono: string }> = {
  zh: {
    body: '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif',
    mono: 'ui-monospace, "SFMono-Regular", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
  },
  ja: {
    body: '"Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", "YuGothic", Meiryo, sans-serif',
    mono: 'ui-monospace, "SFMono-Regular", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, "Noto Sans Mono CJK JP", monospace',
  },
  en: {
    body: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
    mono: 'ui-monospace, "SFMono-Regular", "Cascadia Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  },
};

function stylesheet(language: SeedLanguage): string {
  const fonts = FONT_STACKS[language];
  const cjk = language !== "en";
  return `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #fdfdfc; --rule: #d8dee4;
  --code-bg: #f3f4f6; --code-fg: #1f2328; --accent: #0b6bcb; --tag-bg: #eef3f9; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --rule: #30363d; --code-bg: #161b22;
    --code-fg: #e6edf3; --accent: #58a6ff; --tag-bg: #1c2633; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: ${fonts.body};
  font-size: ${cjk ? "17px" : "18px"}; line-height: ${cjk ? "1.8" : "1.65"};
  ${cjk ? "line-break: strict; word-break: normal; overflow-wrap: anywhere;" : "overflow-wrap: break-word;"} }
.page { max-width: 70ch; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
nav.source-nav { font-size: 0.8rem; line-height: 1.6; color: var(--muted); border: 1px dashed var(--rule);
  border-radius: 6px; padding: 0.5rem 0.75rem; margin-bottom: 2rem; }
nav.source-nav p { margin: 0 0 0.25rem; }
nav.source-nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.15rem 1rem; }
header.article-header { border-bottom: 1px solid var(--rule); padding-bottom: 1.25rem; margin-bottom: 2rem; }
h1 { font-size: 1.75rem; line-height: 1.4; margin: 0 0 0.75rem; font-weight: 700; letter-spacing: ${cjk ? "0.01em" : "-0.01em"}; }
.meta { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 1rem; font-size: 0.85rem; color: var(--muted); margin: 0; }
.meta .lang { border: 1px solid var(--rule); border-radius: 4px; padding: 0 0.45rem; }
.tags { display: flex; flex-wrap: wrap; gap: 0.35rem; list-style: none; margin: 0; padding: 0; }
.tags li { background: var(--tag-bg); color: var(--accent); border-radius: 999px; padding: 0.05rem 0.6rem; font-size: 0.8rem; line-height: 1.6; }
.description { color: var(--muted); font-size: 0.95rem; margin: 0.9rem 0 0; }
article p { margin: 0 0 1.1em; }
article h2 { font-size: 1.35rem; line-height: 1.45; margin: 2.2em 0 0.8em; padding-bottom: 0.25em; border-bottom: 1px solid var(--rule); }
article h3 { font-size: 1.12rem; line-height: 1.5; margin: 1.8em 0 0.6em; }
article h4 { font-size: 1rem; line-height: 1.5; margin: 1.5em 0 0.5em; color: var(--muted); }
.source-title { color: var(--muted); font-size: 0.9rem; margin: 0 0 1.5rem; }
.source-title .label { display: inline-block; font-size: 0.75rem; border: 1px solid var(--rule); border-radius: 4px;
  padding: 0 0.4rem; margin-right: 0.5rem; }
pre { background: var(--code-bg); color: var(--code-fg); border: 1px solid var(--rule); border-radius: 6px;
  padding: 0.8rem 1rem; margin: 0 0 1.25em; overflow-x: auto; white-space: pre; word-wrap: normal;
  overflow-wrap: normal; word-break: normal; font-size: 0.84rem; line-height: 1.5; tab-size: 4; }
code { font-family: ${fonts.mono}; font-size: 0.86em; }
pre code { font-size: inherit; }
p code { background: var(--code-bg); border-radius: 4px; padding: 0.1em 0.35em; overflow-wrap: break-word; word-break: normal; }
p code.nb { white-space: nowrap; }
.dateline { color: var(--muted); font-size: 0.9rem; text-align: right; }
footer.site-footer { margin-top: 3.5rem; padding-top: 1rem; border-top: 3px double var(--rule); color: var(--muted);
  font-size: 0.8rem; line-height: 1.6; }
footer.site-footer .footer-note { font-weight: 600; text-transform: none; margin: 0 0 0.75rem; }
footer.site-footer p { margin: 0 0 0.35rem; }
`.trim();
}

/** Inline commands in CJK prose ("重启服务 sudo systemctl restart docker.service, 运行…") as <code>. */
const INLINE_COMMAND =
  /(^|[\s\u3000-\u303f\u3040-\u9fff\uff00-\uffef(“"「])((?:sudo|modprobe|man(?! page)|ping|docker run|xtables-monitor(?= -{1,2}[a-z])|iptables(?= -[a-zA-Z])|iptables-restore|firewall-cmd(?= --)|systemctl|sysctl|tail(?= -[a-zA-Z])|wget(?= \S*[./]))(?: [^\s,，。：:;；“”"「」\u3000-\u303f\u3040-\u9fff\uff00-\uffef]+)+|--[a-z][a-z0-9-]*(?:=[^\s,，。“”"「」\u3000-\u303f\u3040-\u9fff\uff00-\uffef]+)?)/gu;

function renderInline(text: string, language: SeedLanguage): string {
  // Only in CJK prose: in English sentences (quotes from man pages, docs) command names are words.
  if (language === "en" || (text.match(CJK_GLOBAL)?.length ?? 0) < 2) return escapeHtml(text);
  let out = "";
  let last = 0;
  for (const m of text.matchAll(INLINE_COMMAND)) {
    const lead = m[1] ?? "";
    const code = (m[2] ?? "").replace(/[.。]+$/u, "");
    const at = m.index + lead.length;
    const cls = code.length <= 32 ? ' class="nb"' : "";
    out += escapeHtml(text.slice(last, at)) + `<code${cls}>${escapeHtml(code)}</code>`;
    last = at + code.length;
  }
  return out + escapeHtml(text.slice(last));
}

const DATELINE = /^(\d{4})年(\d{1,2})月(\d{1,2})日\s+(\d{1,2}):(\d{2})(?::(\d{2}))?$/u;

function formatDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso);
  if (!m) return iso;
  return m[2] ? `${m[1]} ${m[2]}` : (m[1] ?? iso);
}

/** A complete, standalone HTML5 document for the article: inline CSS, no scripts, no external resources. */
export function renderArticleHtml(article: SeedArticle, text: string): string {
  const L = LABELS[article.language];
  const blocks = parseArticleDetailed(text);
  const nav = blocks.filter((b) => b.kind === "nav");
  const footer = blocks.filter((b) => b.kind === "footer");
  const body = blocks.filter((b) => b.kind !== "nav" && b.kind !== "footer");

  const parts: string[] = [];
  parts.push(
    "<!doctype html>",
    `<html lang="${htmlLang(article.language)}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(article.title)}</title>`,
    `<meta name="description" content="${escapeHtml(article.description)}">`,
    article.tags.length > 0 ? `<meta name="keywords" content="${escapeHtml(article.tags.join(", "))}">` : "",
    `<style>\n${stylesheet(article.language)}\n</style>`,
    "</head>",
    "<body>",
    '<div class="page">',
  );

  if (nav.length > 0) {
    parts.push(`<nav class="source-nav" aria-label="${escapeHtml(L.nav)}">`, `<p>${escapeHtml(L.nav)}</p>`, "<ul>");
    for (const b of nav) {
      for (const line of b.text.split("\n")) parts.push(`<li>${escapeHtml(line)}</li>`);
    }
    parts.push("</ul>", "</nav>");
  }

  parts.push("<article>", '<header class="article-header">', `<h1>${escapeHtml(article.title)}</h1>`, '<div class="meta">');
  parts.push(`<span class="lang">${escapeHtml(L.languageName)}</span>`);
  if (article.publishedAt) {
    parts.push(
      `<span class="date">${escapeHtml(L.published)} <time datetime="${escapeHtml(article.publishedAt)}">${escapeHtml(formatDate(article.publishedAt))}</time></span>`,
    );
  }
  if (article.tags.length > 0) {
    parts.push(`<ul class="tags" aria-label="${escapeHtml(L.tags)}">${article.tags.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>`);
  }
  parts.push("</div>", `<p class="description">${escapeHtml(article.description)}</p>`, "</header>");

  let sourceTitleShown = false;
  for (const b of body) {
    switch (b.kind) {
      case "heading": {
        if (b.role === "title") {
          if (b.text === article.title) break; // already the <h1>
          if (sourceTitleShown) {
            parts.push(`<p class="source-title">${escapeHtml(b.text)}</p>`);
          } else {
            parts.push(`<p class="source-title"><span class="label">${escapeHtml(L.sourceTitle)}</span>${escapeHtml(b.text)}</p>`);
            sourceTitleShown = true;
          }
          break;
        }
        const tag = b.role === "case" ? "h3" : b.role === "minor" ? "h4" : "h2";
        parts.push(`<${tag}>${escapeHtml(b.text)}</${tag}>`);
        break;
      }
      case "code":
        parts.push(`<pre><code>${escapeHtml(b.text)}</code></pre>`);
        break;
      default: {
        const date = DATELINE.exec(b.text);
        if (date && article.publishedAt) {
          parts.push(`<p class="dateline"><time datetime="${escapeHtml(article.publishedAt)}">${escapeHtml(b.text)}</time></p>`);
        } else {
          parts.push(`<p>${renderInline(b.text, article.language)}</p>`);
        }
      }
    }
  }
  parts.push("</article>");

  if (footer.length > 0) {
    parts.push('<footer class="site-footer">', `<p class="footer-note">${escapeHtml(L.footer)}</p>`);
    for (const b of footer) parts.push(`<p>${escapeHtml(b.text)}</p>`);
    parts.push("</footer>");
  }

  parts.push("</div>", "</body>", "</html>", "");
  return parts.filter((p) => p !== "").join("\n");
}

/**
 * The write-up's reader article: its own headings and code blocks, the saved-from navigation and the source site's
 * footer set apart (<aside>), line breaks kept. Markup the reader's sanitizer keeps (no class, no style).
 */
export function renderArticleReaderHtml(text: string): string {
  // The newline stays beside the <br>: the text reads the same with or without the markup.
  const lines = (s: string) => escapeHtml(s).replace(/\n/g, "<br>\n");
  return parseArticleDetailed(text)
    .map((block) => {
      switch (block.kind) {
        case "heading":
          return block.role === "title" || block.role === "section" ? `<h2>${escapeHtml(block.text)}</h2>` : `<h3>${escapeHtml(block.text)}</h3>`;
        case "code":
          return `<pre><code>${escapeHtml(block.text)}</code></pre>`;
        case "nav":
        case "footer":
          return `<aside><p>${lines(block.text)}</p></aside>`;
        default:
          return `<p>${lines(block.text)}</p>`;
      }
    })
    .join("\n");
}
