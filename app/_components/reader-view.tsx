import { getLocale, getTranslations } from "next-intl/server";
import { readReaderHtml } from "@/lib/library/reader-file";
import { authorOf, pageMetadataOf } from "@/lib/library/snapshot-facts";
import { formatDay } from "@/lib/i18n/format";
import { outlineReaderHtml, tableOfContents } from "@/lib/library/reader-outline";
import { CodeCopyEnhancer } from "./code-copy";
import { TableOfContents } from "./table-of-contents";

type Props = {
  snapshot: { readerPath: string | null; originalPath: string | null; metadataJson: string | null; text: string | null };
  language: string | null;
};

// Typography for sanitized article markup (only the tags lib/capture/page/reader-html.ts lets through).
const ARTICLE_STYLES = [
  "[&_h1]:mt-8 [&_h1]:mb-3 [&_h1]:text-2xl [&_h1]:font-bold [&_h1]:text-kura-900",
  "[&_h2]:mt-8 [&_h2]:mb-2 [&_h2]:text-xl [&_h2]:font-bold [&_h2]:text-kura-900",
  "[&_h3]:mt-6 [&_h3]:mb-1 [&_h3]:text-lg [&_h3]:font-semibold [&_h3]:text-kura-800",
  "[&_h4]:mt-5 [&_h4]:font-semibold [&_h5]:mt-4 [&_h5]:font-semibold [&_h6]:mt-4 [&_h6]:font-semibold",
  "[&_p]:my-4 [&_ul]:my-4 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-4 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-1",
  "[&_blockquote]:my-5 [&_blockquote]:border-l-4 [&_blockquote]:border-kura-100 [&_blockquote]:pl-4 [&_blockquote]:text-stone-600",
  "[&_pre]:my-4 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-stone-900 [&_pre]:p-3 [&_pre]:text-[13px] [&_pre]:leading-relaxed [&_pre]:text-stone-100",
  "[&_code]:font-mono [&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-stone-100 [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:text-[0.9em]",
  "[&_img]:my-4 [&_img]:h-auto [&_img]:max-w-full [&_img]:rounded [&_figure]:my-6 [&_figcaption]:text-center [&_figcaption]:text-sm [&_figcaption]:text-stone-500",
  "[&_table]:my-4 [&_table]:block [&_table]:overflow-x-auto [&_table]:text-sm [&_th]:border [&_th]:border-stone-200 [&_th]:bg-stone-50 [&_th]:px-2 [&_th]:py-1 [&_td]:border [&_td]:border-stone-200 [&_td]:px-2 [&_td]:py-1",
  "[&_a]:text-kura-700 [&_a]:underline [&_hr]:my-6 [&_hr]:border-stone-200 [&_mark]:bg-amber-100",
  // Set apart from the article: a seeded write-up's saved-from navigation and its source site's footer.
  "[&_aside]:my-3 [&_aside]:border-l-2 [&_aside]:border-stone-200 [&_aside]:pl-3 [&_aside]:text-sm [&_aside]:text-stone-500 [&_aside_p]:my-0",
].join(" ");

/**
 * The reader tab of a captured page: the sanitized article with its byline and dates on top; snapshots taken
 * before reader files existed fall back to their plain-text paragraphs.
 */
export async function ReaderView({ snapshot, language }: Props) {
  const t = await getTranslations();
  const locale = await getLocale();
  const [clean, metadata] = [await readReaderHtml(snapshot.readerPath), pageMetadataOf(snapshot)];
  const outline = clean ? outlineReaderHtml(clean) : null;
  const html = outline?.html ?? null;
  const lang = metadata?.lang ?? language ?? undefined;
  const dir = metadata?.dir ?? undefined;

  if (!html) {
    const paragraphs = (snapshot.text ?? "").split(/\n{2,}/).filter((p) => p.trim());
    if (paragraphs.length === 0) return <p className="text-stone-500">{t("link.noText")}</p>;
    return (
      <div lang={lang} dir={dir} className="reader max-w-[46rem] rounded-lg bg-white p-6 shadow-sm" data-testid="reader">
        {paragraphs.map((p, i) => (
          <p key={i} className="whitespace-pre-wrap">
            {p}
          </p>
        ))}
      </div>
    );
  }

  const declared = metadata ? authorOf(metadata) : null;
  // When the article opens with its own byline (Readability keeps it when the page declared an author
  // elsewhere), it is not repeated above it.
  const opening = html
    .slice(0, 2000)
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ");
  const byline = declared && !opening.includes(declared.replace(/^by\s+/i, "")) ? declared : null;
  const published = metadata?.publishedTime ?? null;
  const modified = metadata?.modifiedTime && metadata.modifiedTime.slice(0, 10) !== published?.slice(0, 10) ? metadata.modifiedTime : null;
  return (
    <article lang={lang} dir={dir} className="reader max-w-[46rem] rounded-lg bg-white p-6 shadow-sm sm:p-8" data-testid="reader">
      {(byline || published) && (
        <p className="mb-6 border-b border-stone-100 pb-3 text-sm text-stone-500" data-testid="reader-byline">
          {byline && <span className="font-medium text-stone-700">{/^by\b/i.test(byline) ? byline : t("link.reader.by", { byline })}</span>}
          {byline && published && " · "}
          {published && <time dateTime={published}>{t("link.reader.published", { date: formatDay(published, locale) })}</time>}
          {modified && <> ({t("link.reader.updated", { date: formatDay(modified, locale) })})</>}
        </p>
      )}
      <TableOfContents headings={tableOfContents(outline?.headings ?? [])} lang={lang} />
      <CodeCopyEnhancer labels={{ copy: t("link.reader.copy"), copied: t("link.reader.copied"), failed: t("link.reader.copyFailed") }}>
        {/* Sanitized by lib/capture/page/reader-html.ts when captured and again when read (readReaderHtml); the
            outline adds only prefixed heading ids. */}
        <div className={ARTICLE_STYLES} data-testid="reader-html" dangerouslySetInnerHTML={{ __html: html }} />
      </CodeCopyEnhancer>
    </article>
  );
}
