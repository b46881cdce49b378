import { useTranslations } from "next-intl";
import type { DetailedBlock } from "@/lib/seed/render-article";
import { headingId, tableOfContents, type OutlineHeading } from "@/lib/library/reader-outline";
import { CopyButton } from "./code-copy";
import { TableOfContents } from "./table-of-contents";

/** A seeded write-up in the reader: its own headings and code blocks, with the saved-from nav and footer muted. */
export function ArticleBlocks({ blocks, lang }: { blocks: DetailedBlock[]; lang: string | undefined }) {
  const t = useTranslations("link.reader");
  const labels = { copy: t("copy"), copied: t("copied"), failed: t("copyFailed") };
  const headings: OutlineHeading[] = [];
  const idOf = new Map<number, string>();
  blocks.forEach((block, i) => {
    if (block.kind !== "heading") return;
    const id = headingId(headings.length + 1);
    idOf.set(i, id);
    headings.push({ id, level: block.role === "title" ? 1 : block.role === "section" ? 2 : 3, text: block.text });
  });
  return (
    <div lang={lang} className="reader max-w-[46rem] rounded-lg bg-white p-6 shadow-sm" data-testid="reader">
      <TableOfContents headings={tableOfContents(headings)} lang={lang} />
      {blocks.map((block, i) => {
        switch (block.kind) {
          case "heading":
            return block.role === "title" || block.role === "section" ? (
              <h2 key={i} id={idOf.get(i)} className="mt-6 mb-2 text-xl font-bold text-kura-900 first:mt-0">
                {block.text}
              </h2>
            ) : (
              <h3 key={i} id={idOf.get(i)} className="mt-5 mb-1 text-lg font-semibold text-kura-800">
                {block.text}
              </h3>
            );
          case "code":
            return (
              <div key={i} className="relative">
                {/* Focusable: a wide block scrolls with the keyboard. */}
                <pre tabIndex={0} className="my-3 overflow-x-auto rounded-md bg-stone-900 p-3 font-mono text-[13px] leading-relaxed text-stone-100">
                  <code>{block.text}</code>
                </pre>
                <CopyButton text={block.text} labels={labels} />
              </div>
            );
          case "nav":
          case "footer":
            return (
              <p key={i} className="my-3 whitespace-pre-wrap border-l-2 border-stone-200 pl-3 text-sm text-stone-500">
                {block.text}
              </p>
            );
          default:
            return (
              <p key={i} className="whitespace-pre-wrap">
                {block.text}
              </p>
            );
        }
      })}
    </div>
  );
}
