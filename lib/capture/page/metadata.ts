import { z } from "zod";
import type { RawPageMetadata, ReadableArticle } from "./scripts";

/**
 * What a page says about itself (Open Graph, Twitter card, JSON-LD, canonical link, Readability's byline), reduced
 * to one validated record. Pages lie, break and overflow: every value is trimmed, bounded, and dropped when invalid,
 * never trusted as markup or as a URL the app would follow without the scheme check.
 */

const text = (max: number) =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, " ").trim().slice(0, max))
    .transform((s) => s || null);

const httpUrl = z.string().transform((value, ctx) => {
  const url = URL.canParse(value.trim()) ? new URL(value.trim()) : null;
  if (url && (url.protocol === "http:" || url.protocol === "https:")) return url.href.slice(0, 2000);
  ctx.addIssue({ code: "custom", message: "not an http(s) URL" });
  return z.NEVER;
});

/** What a rendered page declared about itself: stored as the snapshot's page metadata (see lib/library/snapshot-facts.ts). */
export const pageMetadataSchema = z.object({
  version: z.literal(1),
  canonicalUrl: z.string().nullable(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  siteName: z.string().nullable(),
  /** og:type or the JSON-LD @type that described the page ("article", "NewsArticle", …). */
  type: z.string().nullable(),
  image: z.string().nullable(),
  authors: z.array(z.string()),
  publisher: z.string().nullable(),
  /** ISO 8601. */
  publishedTime: z.string().nullable(),
  modifiedTime: z.string().nullable(),
  keywords: z.array(z.string()),
  lang: z.string().nullable(),
  dir: z.enum(["ltr", "rtl"]).nullable(),
  byline: z.string().nullable(),
  excerpt: z.string().nullable(),
  twitter: z.object({ card: z.string().nullable(), site: z.string().nullable(), creator: z.string().nullable() }),
  jsonLdTypes: z.array(z.string()),
});
export type PageMetadata = z.infer<typeof pageMetadataSchema>;

/** The fields a Link row takes from a capture, with the page's full metadata. */
export type PageSummary = {
  title: string;
  description: string | null;
  siteName: string | null;
  language: string | null;
  canonicalUrl: string | null;
  faviconUrl: string | null;
  /** Everything read from a rendered page (null for kept files: their facts are in the capture's `original`). */
  details: PageMetadata | null;
};

const ARTICLE_TYPES =
  /^(Article|NewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle|AnalysisNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|LiveBlogPosting|SocialMediaPosting|WebPage|AboutPage|ItemPage|Recipe|HowTo|QAPage|FAQPage|Review)$/;

type JsonLdNode = Record<string, unknown>;

/** Every object in the JSON-LD blocks (top level, arrays, @graph), skipping blocks that do not parse. */
export function jsonLdNodes(blocks: string[]): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4 || nodes.length > 200) return;
    if (Array.isArray(value)) value.forEach((v) => visit(v, depth + 1));
    else if (value && typeof value === "object") {
      const node = value as JsonLdNode;
      nodes.push(node);
      if (node["@graph"]) visit(node["@graph"], depth + 1);
    }
  };
  for (const block of blocks) {
    // CMS templates leave HTML comments, CDATA wrappers and trailing commas around otherwise good JSON.
    const cleaned = block
      .replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)/, "")
      .replace(/(-->|\/\/\s*\]\]>)\s*$/, "")
      .replace(/,\s*([}\]])/g, "$1");
    let parsed: unknown;
    try {
      parsed = JSON.parse(cleaned);
    } catch {
      continue; // A broken block says nothing; the others still count.
    }
    visit(parsed, 0);
  }
  return nodes;
}

function types(node: JsonLdNode): string[] {
  const t = node["@type"];
  return (Array.isArray(t) ? t : [t]).filter((v): v is string => typeof v === "string").map((v) => v.replace(/^https?:\/\/schema\.org\//, ""));
}

/** Names from a JSON-LD person/organization value: "Ann", {name}, [{name}, …]. */
function names(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(names);
  if (value && typeof value === "object") {
    const name = (value as JsonLdNode).name;
    return typeof name === "string" ? [name] : [];
  }
  return [];
}

function firstString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(firstString).find((v) => v) ?? null;
  if (value && typeof value === "object") {
    const v = value as JsonLdNode;
    return firstString(v.url ?? v["@id"] ?? v.name);
  }
  return null;
}

function isoDate(value: unknown): string | null {
  if (typeof value !== "string" || !value.trim()) return null;
  const time = Date.parse(value.trim());
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1990 && year <= 2200 ? new Date(time).toISOString() : null;
}

function clean(value: unknown, max = 500): string | null {
  if (typeof value !== "string") return null;
  return text(max).parse(value);
}

function urlOrNull(value: unknown, base?: string): string | null {
  if (typeof value !== "string" || !value.trim()) return null;
  let absolute: string;
  try {
    absolute = new URL(value.trim(), base).href;
  } catch {
    return null;
  }
  const parsed = httpUrl.safeParse(absolute);
  return parsed.success ? parsed.data : null;
}

function unique(values: Array<string | null | undefined>, max: number): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    const c = clean(v ?? null, 200);
    if (c && !seen.has(c.toLowerCase())) seen.set(c.toLowerCase(), c);
  }
  return [...seen.values()].slice(0, max);
}

/** Combines the raw page declarations and Readability's findings; `pageUrl` resolves relative URLs. */
export function normalizeMetadata(raw: RawPageMetadata, article: ReadableArticle | null, pageUrl: string): PageSummary {
  const tags = new Map<string, string[]>();
  for (const [key, value] of raw.metaTags) tags.set(key, [...(tags.get(key) ?? []), value]);
  const tag = (key: string) => tags.get(key)?.[0] ?? null;
  const all = (key: string) => tags.get(key) ?? [];

  const nodes = jsonLdNodes(raw.jsonLd);
  // The node describing the page itself: an article type first, any typed node with a headline next.
  const main =
    nodes.find((n) => types(n).some((t) => ARTICLE_TYPES.test(t) && t !== "WebPage" && t !== "AboutPage")) ??
    nodes.find((n) => types(n).some((t) => ARTICLE_TYPES.test(t))) ??
    nodes.find((n) => typeof n.headline === "string") ??
    null;
  const ld = main ?? {};
  const ldType = main ? (types(main)[0] ?? null) : null;

  const notUrl = (v: string) => !/^https?:\/\//i.test(v);
  const authors = unique(
    [
      ...names(ld.author),
      ...all("article:author").filter(notUrl),
      ...all("author").filter(notUrl),
      ...all("citation_author"),
      ...all("parsely-author"),
      ...all("dc.creator"),
    ],
    10,
  );
  const keywordValues = [ld.keywords, tag("keywords"), tag("news_keywords")].flatMap((k) =>
    typeof k === "string" ? k.split(",") : Array.isArray(k) ? k.filter((v): v is string => typeof v === "string") : [],
  );
  const dir = article?.dir?.toLowerCase();

  const details: PageMetadata = {
    version: 1,
    canonicalUrl: urlOrNull(raw.canonicalHref, pageUrl),
    title: clean(tag("og:title")) ?? clean(ld.headline) ?? clean(tag("twitter:title")) ?? clean(raw.documentTitle),
    description:
      clean(tag("description"), 1000) ?? clean(tag("og:description"), 1000) ?? clean(tag("twitter:description"), 1000) ?? clean(ld.description, 1000),
    siteName: clean(tag("og:site_name")) ?? clean(tag("application-name")) ?? clean(article?.siteName) ?? null,
    type: clean(tag("og:type"), 100) ?? clean(ldType, 100),
    image: urlOrNull(tag("og:image") ?? tag("og:image:url") ?? tag("og:image:secure_url") ?? tag("twitter:image") ?? firstString(ld.image), pageUrl),
    authors,
    publisher: unique(names(ld.publisher), 1)[0] ?? null,
    publishedTime:
      isoDate(ld.datePublished) ??
      isoDate(tag("article:published_time")) ??
      isoDate(tag("parsely-pub-date")) ??
      isoDate(tag("citation_publication_date")) ??
      isoDate(tag("dc.date")) ??
      isoDate(tag("date")) ??
      isoDate(article?.publishedTime),
    modifiedTime: isoDate(ld.dateModified) ?? isoDate(tag("article:modified_time")) ?? isoDate(tag("og:updated_time")),
    keywords: unique([...keywordValues, ...all("article:tag")], 30),
    lang: clean(raw.language, 35) ?? clean(article?.lang, 35) ?? clean(ld.inLanguage, 35),
    dir: dir === "rtl" || dir === "ltr" ? dir : null,
    byline: clean(article?.byline, 300),
    excerpt: clean(article?.excerpt, 1000),
    twitter: { card: clean(tag("twitter:card"), 50), site: clean(tag("twitter:site"), 100), creator: clean(tag("twitter:creator"), 100) },
    jsonLdTypes: unique(nodes.flatMap(types), 10),
  };
  return {
    title: details.title ?? "",
    description: details.description,
    siteName: details.siteName ?? details.publisher,
    language: details.lang,
    canonicalUrl: details.canonicalUrl,
    faviconUrl: raw.faviconUrl,
    details,
  };
}
