import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// Functions here run inside the captured page (page.evaluate), so they only use browser globals.

/** What the page declares about itself, read raw in the page; lib/capture/page/metadata.ts validates and normalizes it. */
export type RawPageMetadata = {
  documentTitle: string;
  /** <meta property|name=…> pairs for og:*, article:*, twitter:*, author, keywords, description, … (lower-cased keys). */
  metaTags: Array<[string, string]>;
  /** The text of every script[type="application/ld+json"] block (read before serialization strips scripts). */
  jsonLd: string[];
  language: string | null;
  canonicalHref: string | null;
  faviconUrl: string | null;
};

export function readMetadata(): RawPageMetadata {
  const wanted =
    /^(og:|article:|twitter:|book:|profile:)|^(description|author|keywords|news_keywords|application-name|date|citation_author|citation_publication_date|dc\.creator|dc\.date|parsely-author|parsely-pub-date|sailthru\.author)$/;
  const metaTags: Array<[string, string]> = [];
  for (const el of Array.from(document.querySelectorAll<HTMLMetaElement>("meta[content]"))) {
    const key = (el.getAttribute("property") || el.getAttribute("name") || el.getAttribute("itemprop") || "").trim().toLowerCase();
    const content = (el.getAttribute("content") ?? "").trim();
    if (key && content && wanted.test(key) && metaTags.length < 300) metaTags.push([key, content.slice(0, 2000)]);
  }
  const jsonLd = Array.from(document.querySelectorAll('script[type="application/ld+json" i]'))
    .slice(0, 30)
    .map((s) => (s.textContent ?? "").slice(0, 200_000));
  const iconLink = document.querySelector<HTMLLinkElement>('link[rel~="icon" i], link[rel="shortcut icon" i], link[rel="apple-touch-icon" i]');
  const canonical = document.querySelector<HTMLLinkElement>('link[rel~="canonical" i][href]');
  const isHttp = (u: string | null | undefined) => (u && /^https?:/i.test(u) ? u : null);
  const contentLanguage = document.querySelector<HTMLMetaElement>('meta[http-equiv="content-language" i]')?.content?.trim();
  return {
    documentTitle: (document.title ?? "").trim(),
    metaTags,
    jsonLd,
    language: document.documentElement.lang?.trim() || contentLanguage || null,
    // .href is resolved against the document's base URL by the browser.
    canonicalHref: canonical?.href ?? null,
    faviconUrl: isHttp(iconLink?.href) ?? (location.protocol.startsWith("http") ? `${location.origin}/favicon.ico` : null),
  };
}

/**
 * Scrolls down in viewport-sized steps so lazy images and infinite sections load, within a step and time budget,
 * then returns to the top (the thumbnail shows the page as a visitor first sees it).
 */
export async function scrollThrough(args: { maxSteps: number; stepDelayMs: number; budgetMs: number }): Promise<{
  steps: number;
  reachedBottom: boolean;
}> {
  const start = performance.now();
  const step = Math.max(200, Math.floor(window.innerHeight * 0.9));
  let steps = 0;
  let reachedBottom = false;
  while (steps < args.maxSteps && performance.now() - start < args.budgetMs) {
    const before = window.scrollY;
    window.scrollBy(0, step);
    steps++;
    await new Promise((r) => setTimeout(r, args.stepDelayMs));
    const atBottom = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    if (atBottom || window.scrollY === before) {
      reachedBottom = true;
      break;
    }
  }
  window.scrollTo(0, 0);
  await new Promise((r) => setTimeout(r, args.stepDelayMs));
  return { steps, reachedBottom };
}

export async function waitForFonts(timeoutMs: number): Promise<boolean> {
  return Promise.race([document.fonts.ready.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
}

export function pageHeight(): number {
  return Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
}

let readabilitySource: string | undefined;
// Bound to a fixed name: a minifier may rename the declaration inside the function's own source.
const blockTextSource = `const blockText = ${blockText.toString()};`;

/** Mozilla Readability, evaluated in the page against a clone of the rendered DOM (no second parser needed). */
export function readabilityScript(): string {
  if (!readabilitySource) {
    // Resolved from the project root at run time: bundlers rewrite `require.resolve` next to `import.meta.url`
    // into module ids, which fs would then read as a file descriptor.
    const resolveFromRoot = createRequire(path.join(process.cwd(), "package.json"));
    const file: unknown = resolveFromRoot.resolve("@mozilla/readability/Readability.js");
    if (typeof file !== "string") throw new Error("Could not locate @mozilla/readability/Readability.js");
    readabilitySource = fs.readFileSync(file, "utf8");
  }
  return `(() => {
    ${readabilitySource}
    ${blockTextSource}
    try {
      const article = new Readability(document.cloneNode(true), { charThreshold: 200 }).parse();
      if (!article) return null;
      const parsed = new DOMParser().parseFromString(article.content || "", "text/html");
      return {
        title: article.title ?? null,
        byline: article.byline ?? null,
        excerpt: article.excerpt ?? null,
        lang: article.lang ?? null,
        siteName: article.siteName ?? null,
        publishedTime: article.publishedTime ?? null,
        dir: article.dir ?? null,
        // Untrusted markup from the page: sanitized in Node (lib/capture/page/reader-html.ts) before it is stored.
        content: typeof article.content === "string" && article.content.length <= 5_000_000 ? article.content : null,
        textContent: blockText(parsed.body),
      };
    } catch (e) {
      return null;
    }
  })()`;
}

/**
 * Readable text with the article's structure kept: a blank line between blocks, line breaks inside <pre> and at
 * <br>, table cells apart, other whitespace collapsed (Readability's own textContent runs paragraphs together).
 * With `visible`, over the live page: what a reader can see or open — a TL;DR box, an aside, a table, the inside
 * of a closed <details> (its markup decides there, since nothing in it is rendered) — and not what is never shown
 * (script, style, template, [hidden], display:none, visibility:hidden). Stops after `maxChars`.
 */
function blockText(root: Element, options: { visible?: boolean; maxChars?: number } = {}): string {
  const BLOCKS = new Set([
    "P",
    "DIV",
    "SECTION",
    "ARTICLE",
    "HEADER",
    "FOOTER",
    "ASIDE",
    "NAV",
    "MAIN",
    "BLOCKQUOTE",
    "PRE",
    "UL",
    "OL",
    "LI",
    "DL",
    "DT",
    "DD",
    "TABLE",
    "TR",
    "FIGURE",
    "FIGCAPTION",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "HR",
    "DETAILS",
    "SUMMARY",
  ]);
  const NEVER_SHOWN = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "svg", "SVG", "CANVAS", "IFRAME", "OBJECT", "EMBED", "SELECT", "BUTTON"]);
  const maxChars = options.maxChars ?? Number.POSITIVE_INFINITY;
  const parts: string[] = [];
  let length = 0;
  const push = (text: string) => {
    parts.push(text);
    length += text.length;
  };
  const shown = (el: Element, inClosedDetails: boolean) => {
    if (NEVER_SHOWN.has(el.tagName) || (el as HTMLElement).hidden) return false;
    if (inClosedDetails) return true;
    const style = getComputedStyle(el);
    return style.display !== "none" && style.visibility !== "hidden";
  };
  const walk = (node: Node, inPre: boolean, inClosedDetails: boolean) => {
    if (length >= maxChars) return;
    if (node.nodeType === 3) {
      push(inPre ? (node.textContent ?? "") : (node.textContent ?? "").replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (options.visible && !shown(el, inClosedDetails)) return;
    if (el.tagName === "BR") {
      push("\n");
      return;
    }
    if (el.tagName === "TD" || el.tagName === "TH") push(" ");
    const block = BLOCKS.has(el.tagName);
    if (block) push("\n\n");
    const pre = inPre || el.tagName === "PRE";
    const closed = inClosedDetails || (el.tagName === "DETAILS" && !(el as HTMLDetailsElement).open);
    el.childNodes.forEach((child) => walk(child, pre, closed));
    if (block) push("\n\n");
  };
  walk(root, false, false);
  return parts
    .join("")
    .slice(0, maxChars)
    .split(/\n{2,}/)
    .map((block) => block.replace(/^[ \t]+|[ \t]+$/gm, "").replace(/^\n+|\n+$/g, ""))
    .filter((block) => block.trim().length > 0)
    .join("\n\n");
}

/** The live page's visible text (blockText with `visible`), for a capture to keep beside the article. */
export function visibleTextScript(maxChars: number): string {
  return `(() => {
    ${blockTextSource}
    return document.body ? blockText(document.body, { visible: true, maxChars: ${Math.floor(maxChars)} }) : "";
  })()`;
}

export type ReadableArticle = {
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  lang: string | null;
  siteName: string | null;
  publishedTime: string | null;
  dir: string | null;
  content: string | null;
  textContent: string;
};
