import { useTranslations } from "next-intl";
import type { OutlineHeading } from "@/lib/library/reader-outline";

/** The reader's contents: links to the article's sections, indented by level. */
export function TableOfContents({ headings, lang }: { headings: OutlineHeading[]; lang?: string }) {
  const t = useTranslations("link.reader");
  if (headings.length === 0) return null;
  const top = Math.min(...headings.map((h) => h.level));
  return (
    <nav aria-label={t("contents")} data-testid="reader-toc" className="mb-6 rounded-md border border-stone-200 bg-stone-50 p-3 text-sm">
      {/* Not a <p> or heading: the article's own blocks stay the reader's only paragraphs and headings. */}
      <div className="mb-1 font-semibold text-stone-700">{t("contents")}</div>
      <ol className="flex flex-col gap-1" lang={lang}>
        {headings.map((h) => (
          <li key={h.id} style={{ paddingLeft: `${(h.level - top) * 1}rem` }}>
            <a href={`#${h.id}`} className="inline-block min-h-6 py-0.5 text-kura-700 underline [overflow-wrap:anywhere]">
              {h.text}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
