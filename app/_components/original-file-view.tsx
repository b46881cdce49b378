import { useLocale, useTranslations } from "next-intl";
import type { EntryDetail } from "@/lib/library/detail";
import { originalInfoOf, type OriginalInfo } from "@/lib/library/snapshot-facts";
import { formatBytes } from "@/lib/i18n/format";

// The root translator (no namespace): keys are whole paths, checked against the catalogue.
type Translate = ReturnType<typeof useTranslations<never>>;

type Snapshot = EntryDetail["snapshots"][number];
type View = "reader" | "screenshot" | "archive";

/** Reader, screenshot and archive tabs of a snapshot that is a kept file. */
export function OriginalFileView({ snapshot, info, view, lang }: { snapshot: Snapshot; info: OriginalInfo; view: View; lang?: string }) {
  const t = useTranslations();
  const problem = info.problem ? (
    <p role="status" data-testid="original-problem" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
      {t(`original.problems.${info.problem}`)}
    </p>
  ) : null;
  const picture = snapshot.screenshotPath ? (
    // eslint-disable-next-line @next/next/no-img-element -- archived picture from our own route
    <img
      src={`/archive/${snapshot.id}/screenshot`}
      alt={info.kind === "pdf" ? t("original.firstPage") : info.fileName}
      data-testid="screenshot"
      className="w-full rounded border border-stone-200 bg-white"
    />
  ) : (
    <p className="rounded-md bg-white p-6 text-center text-stone-500">{t("original.noPicture")}</p>
  );

  if (view === "screenshot")
    return (
      <>
        {problem}
        {picture}
      </>
    );
  if (view === "archive") {
    return (
      <div className="flex flex-col gap-3">
        {problem}
        <DownloadLink snapshot={snapshot} info={info} />
        {picture}
      </div>
    );
  }
  const text = snapshot.text ?? "";
  if (!text.trim())
    return (
      <>
        {problem}
        <p className="text-stone-500">{t("original.noText")}</p>
      </>
    );
  // PDF text keeps one block per page (pages are separated by a blank line when it is extracted).
  const pages = info.kind === "pdf" ? text.split("\n\n") : [text];
  return (
    <>
      {problem}
      <div lang={lang} className="reader flex max-w-[46rem] flex-col gap-6 rounded-lg bg-white p-6 shadow-sm" data-testid="reader">
        {pages.map((page, i) => (
          <section key={i} data-testid="reader-page">
            {pages.length > 1 && (
              <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-stone-500">{t("original.page", { n: i + 1, of: pages.length })}</h2>
            )}
            <p className="whitespace-pre-wrap">{page}</p>
          </section>
        ))}
      </div>
    </>
  );
}

export function DownloadLink({ snapshot, info, query = "" }: { snapshot: Snapshot; info: OriginalInfo; query?: string }) {
  const t = useTranslations();
  const locale = useLocale();
  return (
    <a
      href={`/archive/${snapshot.id}/original${query}`}
      download={info.fileName}
      data-testid="download-original"
      className="self-start rounded-md border border-kura-100 bg-white px-3 py-1.5 text-sm font-medium text-kura-800 hover:bg-kura-100"
    >
      {t("original.download", { type: t(`original.badge.${info.kind}`), size: formatBytes(snapshot.originalBytes, locale), pages: info.pages ?? 0 })}
    </a>
  );
}

/** The public share page of a kept file: its download link and first picture (`query` carries the share token). */
export function SharedOriginalView({ snapshot, info, query }: { snapshot: Snapshot; info: OriginalInfo; query: string }) {
  const t = useTranslations();
  return (
    <div className="flex flex-col gap-3">
      <DownloadLink snapshot={snapshot} info={info} query={query} />
      {snapshot.screenshotPath && (
        // eslint-disable-next-line @next/next/no-img-element -- archived picture from our own route
        <img
          src={`/archive/${snapshot.id}/screenshot${query}`}
          alt={info.kind === "pdf" ? t("original.firstPage") : info.fileName}
          data-testid="screenshot"
          className="w-full rounded border border-stone-200 bg-white"
        />
      )}
    </div>
  );
}

/** Rows for the info tab: what was kept, its size and checksum. */
export function originalInfoRows(snapshot: Snapshot | undefined, t: Translate, locale: string): Array<[string, string]> {
  const info = originalInfoOf(snapshot);
  if (!snapshot || !info) return [];
  const rows: Array<[string, string]> = [
    [t("original.info.kind"), t(`original.badge.${info.kind}`)],
    [t("original.info.fileName"), info.fileName],
    [t("original.info.size"), formatBytes(snapshot.originalBytes, locale)],
    [t("original.info.sha256"), snapshot.originalSha256 ?? "—"],
  ];
  if (info.pages !== undefined) rows.push([t("original.info.pages"), String(info.pages)]);
  if (info.author) rows.push([t("original.info.author"), info.author]);
  if (info.width && info.height) rows.push([t("original.info.dimensions"), `${info.width} × ${info.height}`]);
  return rows;
}
