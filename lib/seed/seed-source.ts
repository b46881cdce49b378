import fs from "node:fs/promises";
import path from "node:path";
import { seedArticles, seedArticleUrl, type SeedArticle } from "./articles";
import { articlePlainText, parseArticleDetailed, renderArticleHtml, renderArticleReaderHtml, type DetailedBlock } from "./render-article";

const SEED_ARTICLES_DIR = path.resolve(process.cwd(), "prisma", "seed-articles");

async function readSeedText(article: SeedArticle): Promise<string> {
  return fs.readFile(path.join(SEED_ARTICLES_DIR, article.file), "utf8");
}

/**
 * What the capture job captures for a seeded entry: the article's HTML served at a reserved .invalid address that
 * never reaches the network, its reader article (rendered once, here, and stored like a captured page's) and the
 * full original text for reading and search.
 */
export async function seedSourceFor(linkUrl: string): Promise<{ captureUrl: string; html: string; readerHtml: string; text: string } | null> {
  const article = seedArticles.find((a) => seedArticleUrl(a) === linkUrl);
  if (!article) return null;
  const raw = await readSeedText(article);
  return {
    captureUrl: `https://seed.kura.invalid/${article.slug}`,
    html: renderArticleHtml(article, raw),
    readerHtml: renderArticleReaderHtml(raw),
    text: articlePlainText(raw),
  };
}

/** The structured blocks of a seeded write-up, for the reader of entries seeded before reader.html was stored. */
export async function seedArticleBlocks(linkUrl: string): Promise<DetailedBlock[] | null> {
  const article = seedArticles.find((a) => seedArticleUrl(a) === linkUrl);
  return article ? parseArticleDetailed(await readSeedText(article)) : null;
}
