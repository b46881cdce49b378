import { useLocale, useTranslations } from "next-intl";
import { authorOf, limitNotesOf, pageMetadataOf } from "@/lib/library/snapshot-facts";
import { formatDay } from "@/lib/i18n/format";

type Props = { snapshot: { metadataJson: string | null; limitsJson: string | null; originalPath: string | null } };

/** The info tab's second part: what the page declared about itself (Open Graph, JSON-LD, …) and the capture's notes. */
export function SnapshotDetails({ snapshot }: Props) {
  const t = useTranslations();
  const locale = useLocale();
  const metadata = pageMetadataOf(snapshot);
  const notes = limitNotesOf(snapshot);
  const rows: Array<[string, React.ReactNode]> = [];
  if (metadata) {
    const link = (url: string) => (
      <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="text-kura-700 underline">
        {url}
      </a>
    );
    if (metadata.canonicalUrl) rows.push([t("link.info.canonical"), link(metadata.canonicalUrl)]);
    const author = authorOf(metadata);
    if (author) rows.push([t("link.info.authors"), author]);
    if (metadata.publishedTime)
      rows.push([
        t("link.info.published"),
        <time key="p" dateTime={metadata.publishedTime}>
          {formatDay(metadata.publishedTime, locale)}
        </time>,
      ]);
    if (metadata.modifiedTime)
      rows.push([
        t("link.info.modified"),
        <time key="m" dateTime={metadata.modifiedTime}>
          {formatDay(metadata.modifiedTime, locale)}
        </time>,
      ]);
    if (metadata.type) rows.push([t("link.info.type"), metadata.type]);
    if (metadata.siteName) rows.push([t("link.info.siteName"), metadata.siteName]);
    if (metadata.publisher && metadata.publisher !== metadata.siteName) rows.push([t("link.info.publisher"), metadata.publisher]);
    if (metadata.keywords.length) rows.push([t("link.info.keywords"), metadata.keywords.join(", ")]);
    if (metadata.description) rows.push([t("link.info.description"), metadata.description]);
  }
  return (
    <section className="mt-4 flex flex-col gap-4" data-testid="snapshot-details">
      {/* A kept file (PDF, image) has no page metadata: its facts are in the table above. */}
      {!snapshot.originalPath && (
        <div>
          <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500">{t("link.info.metadataTitle")}</h2>
          {metadata ? (
            <table className="w-full rounded-lg bg-white text-sm shadow-sm" data-testid="page-metadata">
              <tbody>
                {rows.map(([label, value]) => (
                  <tr key={label} className="border-b border-stone-100 last:border-0">
                    <th className="w-40 px-3 py-2 text-left align-top font-medium text-stone-500">{label}</th>
                    <td className="break-words px-3 py-2" lang={label === t("link.info.description") ? (metadata.lang ?? undefined) : undefined}>
                      {value}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="text-sm text-stone-500">{t("link.info.noMetadata")}</p>
          )}
        </div>
      )}
      {notes.length > 0 && (
        <div>
          <h2 className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500">{t("link.info.notes")}</h2>
          <ul className="flex flex-col gap-1 rounded-lg bg-white p-3 text-sm shadow-sm" data-testid="capture-notes">
            {notes.map((note, n) => (
              <li key={n} data-note={note.limit}>
                {note.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
