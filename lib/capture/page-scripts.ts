import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

// Functions here run inside the captured page (page.evaluate), so they only use browser globals.

export type PageMetadata = {
  title: string;
  description: string | null;
  siteName: string | null;
  language: string | null;
  canonicalUrl: string | null;
  faviconUrl: string | null;
};

export function readMetadata(): PageMetadata {
  const meta = (selector: string) =>
    document.querySelector<HTMLMetaElement>(selector)?.content?.trim() || null;
  const iconLink = document.querySelector<HTMLLinkElement>(
    'link[rel~="icon" i], link[rel="shortcut icon" i], link[rel="apple-touch-icon" i]',
  );
  const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical" i]');
  const isHttp = (u: string | null | undefined) => (u && /^https?:/i.test(u) ? u : null);
  return {
    title: (meta('meta[property="og:title"]') ?? document.title ?? "").trim(),
    description: meta('meta[name="description" i]') ?? meta('meta[property="og:description"]'),
    siteName: meta('meta[property="og:site_name"]') ?? meta('meta[name="application-name" i]'),
    language: document.documentElement.lang?.trim() || meta('meta[http-equiv="content-language" i]'),
    canonicalUrl: isHttp(canonical?.href),
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
  return Promise.race([
    document.fonts.ready.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs)),
  ]);
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
        textContent: blockText(parsed.body),
      };
    } catch (e) {
      return null;
    }
  })()`;
}

/**
 * Readable text with the article's structure kept: a blank line between blocks, line breaks inside <pre> and at
 * <br>, other whitespace collapsed (Readability's own textContent runs paragraphs together).
 */
export function blockText(root: Element): string {
  const BLOCKS = new Set([
    "P", "DIV", "SECTION", "ARTICLE", "HEADER", "FOOTER", "ASIDE", "NAV", "MAIN", "BLOCKQUOTE", "PRE", "UL", "OL", "LI",
    "DL", "DT", "DD", "TABLE", "TR", "FIGURE", "FIGCAPTION", "H1", "H2", "H3", "H4", "H5", "H6", "HR", "DETAILS", "SUMMARY",
  ]);
  const parts: string[] = [];
  const walk = (node: Node, inPre: boolean) => {
    if (node.nodeType === 3) {
      parts.push(inPre ? (node.textContent ?? "") : (node.textContent ?? "").replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (el.tagName === "BR") {
      parts.push("\n");
      return;
    }
    const block = BLOCKS.has(el.tagName);
    if (block) parts.push("\n\n");
    const pre = inPre || el.tagName === "PRE";
    el.childNodes.forEach((child) => walk(child, pre));
    if (block) parts.push("\n\n");
  };
  walk(root, false);
  return parts
    .join("")
    .split(/\n{2,}/)
    .map((block) => block.replace(/^[ \t]+|[ \t]+$/gm, "").replace(/^\n+|\n+$/g, ""))
    .filter((block) => block.trim().length > 0)
    .join("\n\n");
}

export type ReadableArticle = {
  title: string | null;
  byline: string | null;
  excerpt: string | null;
  lang: string | null;
  siteName: string | null;
  publishedTime: string | null;
  textContent: string;
};
