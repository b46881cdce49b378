import fs from "node:fs";
import path from "node:path";
import { parseArticle } from "@/lib/seed/render-article";
import type { ExtractInput } from "@/lib/search/troubleshooting";

const seedDir = path.resolve(import.meta.dirname, "../../../prisma/seed-articles");

/** A seeded write-up as extraction sees it: its code blocks, and its paragraphs and headings as text. */
export function seedInput(file: string): ExtractInput {
  const blocks = parseArticle(fs.readFileSync(path.join(seedDir, file), "utf8"));
  return {
    codeBlocks: blocks.filter((b) => b.kind === "code").map((b) => b.text),
    text: blocks
      .filter((b) => b.kind === "paragraph" || b.kind === "heading")
      .map((b) => b.text)
      .join("\n"),
  };
}
