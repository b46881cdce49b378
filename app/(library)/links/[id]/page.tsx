import { useLocale, useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { cache, type ReactNode } from "react";
import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getEntry, type EntryDetail } from "@/lib/library/detail";
import { requireUser } from "@/lib/accounts/current-user";
import { listShareLinks } from "@/lib/library/shares";
import { hasRole } from "@/lib/accounts/roles";
import { SharePanel } from "@/app/_components/share-panel";
import { linkIdSchema } from "@/lib/validation/forms";
import { isPendingStatus, isSeeded, SNAPSHOT_STATUS } from "@/lib/library/vocabulary";
import { seedArticleBlocks } from "@/lib/seed/seed-source";
import type { DetailedBlock } from "@/lib/seed/render-article";
import { ArticleBlocks } from "@/app/_components/article-blocks";
import { ReaderView } from "@/app/_components/reader-view";
import { SearchHits } from "@/app/_components/search-hits";
import { hitPattern } from "@/lib/library/search";
import { SnapshotDetails } from "@/app/_components/snapshot-details";
import { formatBytes, languageName } from "@/lib/i18n/format";
import { LocalTime } from "@/app/_components/local-time";
import { Moment } from "@/app/_components/moment";
import { failureText } from "@/lib/i18n/failure-text";
import { FailureMessage } from "@/app/_components/failure-message";
import { recaptureAction } from "@/app/_actions/capture";
import { TagChip } from "@/app/_components/tag-chip";
import { TagEditor } from "@/app/_components/tag-editor";
import { DeleteButton } from "@/app/_components/delete-button";
import { LiveCaptures } from "@/app/_components/live-captures";
import { liveCursor } from "@/lib/library/progress";
import { CaptureControls, LiveCaptureRetry, LiveStatusBadge } from "@/app/_components/live-status";
import { pendingRetry } from "@/lib/library/retry";
import { SnapshotHistory } from "./snapshot-history";
import { ScheduleForm } from "./schedule-form";
import { MAX_RECAPTURE_HOURS, scheduleChoice } from "@/lib/validation/schedule";
import { libraryHref } from "@/app/_components/library-href";
import { originalInfoOf } from "@/lib/library/snapshot-facts";
import { EntryOrganiser } from "@/app/_components/entry-organiser";
import { allTagNames, shownDescription, shownTitle } from "@/lib/library/organise";
import { TagDatalist } from "@/app/_components/tag-datalist";
import { OriginalFileView, originalInfoRows } from "@/app/_components/original-file-view";
import { WriteUpVersions } from "@/app/_components/write-up-versions";
import { NavMore } from "@/app/_components/nav-more";
import { siblingsOf } from "@/lib/library/write-ups";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> };
const VIEWS = ["reader", "screenshot", "archive", "info"] as const;
type View = (typeof VIEWS)[number];

// Cached per request: the metadata and the page render share one query.
const load = cache(async (id: string): Promise<EntryDetail> => {
  const linkId = linkIdSchema.safeParse(id);
  if (!linkId.success) notFound();
  const link = await getEntry(linkId.data);
  if (!link) notFound();
  return link;
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  await requireUser("viewer", `/links/${encodeURIComponent(id)}`);
  const link = await load(id);
  return { title: shownTitle(link) };
}

export default async function LinkPage({ params, searchParams }: Params) {
  const t = await getTranslations();
  const { id } = await params;
  const user = await requireUser("viewer", `/links/${encodeURIComponent(id)}`);
  const editor = hasRole(user.role, "editor");
  const renderedAt = await liveCursor();
  const link = await load(id);
  const shares = editor ? (await listShareLinks(link.id)).length : 0;
  const versions = (await siblingsOf([link.id])).get(link.id) ?? [];
  const query = await searchParams;
  const view: View = VIEWS.includes(query.view as View) ? (query.view as View) : "reader";
  const latest = link.snapshots[0];
  const chosen = link.snapshots.find((s) => String(s.id) === query.snapshot);
  // Show the chosen snapshot, else the newest ready one, else the newest (which shows its progress).
  const snapshot = chosen ?? link.snapshots.find((s) => s.status === SNAPSHOT_STATUS.ready) ?? latest;
  const pending = latest ? isPendingStatus(latest.status) : false;
  const seeded = isSeeded(link);
  // A write-up seeded before its reader article was stored: its blocks, read from the shipped text.
  const blocks = seeded && view === "reader" && !snapshot?.readerPath ? await seedArticleBlocks(link.url) : null;
  const tabHref = (v: View) => `/links/${link.id}?view=${v}${chosen ? `&snapshot=${chosen.id}` : ""}`;

  return (
    <LiveCaptures known={[{ linkId: link.id, snapshotId: latest?.id ?? null, status: latest?.status ?? "none" }]} since={renderedAt}>
      <article className="flex flex-col gap-5" data-testid="link-page">
        <Link href="/" className="text-sm text-kura-700 underline">
          ← {t("link.back")}
        </Link>
        {query.notice === "exists" && (
          <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t("link.alreadyArchived")}
          </p>
        )}
        <header className="flex flex-col gap-2">
          <h1 className="text-2xl font-bold text-kura-900 [overflow-wrap:anywhere]" lang={link.language ?? undefined} data-testid="link-title">
            {shownTitle(link)}
          </h1>
          {shownDescription(link) && (
            <p className="text-sm text-stone-600" data-testid="link-description">
              {shownDescription(link)}
            </p>
          )}
          <div className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
            {seeded ? (
              <span>{t("link.seededSource")}</span>
            ) : (
              <a href={link.url} rel="noopener noreferrer nofollow" target="_blank" className="min-w-0 text-kura-700 underline [overflow-wrap:anywhere]">
                {link.url}
              </a>
            )}
            <span>
              {t("link.added")} <Moment date={link.createdAt} testId="link-added" />
            </span>
            {snapshot?.capturedAt && (
              <span>
                {t("link.captured")} <Moment date={snapshot.capturedAt} testId="link-captured" />
              </span>
            )}
            {latest && <LiveStatusBadge linkId={link.id} snapshotId={latest.id} status={latest.status} stage={latest.stage} error={latest.error} />}
            {latest && editor && (
              <CaptureControls linkId={link.id} snapshotId={latest.id} status={latest.status} title={link.title || link.url} offerRetry={false} />
            )}
          </div>
          <div className="flex flex-wrap gap-1">
            {link.tags.map(({ tag }) => (
              <TagChip key={tag.id} name={tag.name} href={libraryHref([tag.name])} />
            ))}
          </div>
          {/* Next to the title, so on a phone they are on the first screen, not after the whole article. */}
          {editor && (
            <div className="flex flex-wrap gap-2" data-testid="entry-actions">
              <form action={recaptureAction}>
                <input type="hidden" name="linkId" value={link.id} />
                <button
                  type="submit"
                  disabled={pending}
                  className="rounded-md bg-kura-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-kura-900 disabled:opacity-50"
                >
                  {latest?.status === SNAPSHOT_STATUS.failed ? t("link.retry") : t("link.recapture")}
                </button>
              </form>
              <DeleteButton linkId={link.id} />
              {/* On a phone the side panel comes after the whole page: its actions, one tap away. */}
              <NavMore label={t("link.moreActions")} testId="entry-more" looks="button">
                {[
                  ["#organiser", t("organise.state")],
                  ["#tag-editor", t("link.editTags")],
                  ...(link.snapshots.some((s) => s.status === SNAPSHOT_STATUS.ready) ? [["#share-panel", t("share.title")]] : []),
                  ...(seeded ? [] : [["#schedule-heading", t("schedule.title")]]),
                  ["#versions-heading", t("history.title")],
                ].map(([href, label]) => (
                  <a key={href} href={href} className="px-3 py-1.5 text-sm whitespace-nowrap text-stone-700 hover:bg-kura-50 hover:text-kura-900">
                    {label}
                  </a>
                ))}
              </NavMore>
            </div>
          )}
        </header>

        {latest && (
          <LiveCaptureRetry
            linkId={link.id}
            snapshotId={latest.id}
            status={latest.status}
            error={latest.error}
            retry={pendingRetry(latest, latest.job)}
            url={link.url}
          />
        )}
        {latest?.status === SNAPSHOT_STATUS.failed && latest.error && (
          <div
            role="alert"
            data-testid="capture-error"
            className={`min-w-0 rounded-md border px-3 py-2 text-sm ${failureText(latest.error).kind === "cancelled" ? "border-stone-200 bg-stone-50" : "border-red-200 bg-red-50"}`}
          >
            <FailureMessage error={latest.error} url={link.url} />
          </div>
        )}

        <div className="grid gap-5 lg:grid-cols-[1fr_18rem]">
          <section className="min-w-0">
            <nav className="mb-3 flex gap-1 overflow-x-auto border-b border-kura-100" aria-label={t("link.views")}>
              {VIEWS.map((v) => (
                <Link
                  key={v}
                  href={tabHref(v)}
                  aria-current={v === view ? "page" : undefined}
                  className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
                    v === view ? "border-kura-800 text-kura-900" : "border-transparent text-stone-500 hover:text-kura-800"
                  }`}
                >
                  {t(`link.tabs.${v}`)}
                </Link>
              ))}
            </nav>
            <SearchHits pattern={view === "reader" ? hitPattern(query.q) : null}>
              <SnapshotView link={link} snapshot={snapshot} view={view} blocks={blocks} />
            </SearchHits>
          </section>

          <aside id="entry-panel" className="flex flex-col gap-4">
            <WriteUpVersions linkId={link.id} siblings={versions} editor={editor} />
            <EntryOrganiser link={link} editor={editor} />
            {editor && <TagEditor linkId={link.id} tags={link.tags.map(({ tag }) => tag.name)} />}
            {editor && <TagDatalist names={await allTagNames()} />}
            {editor && link.snapshots.some((s) => s.status === SNAPSHOT_STATUS.ready) && <SharePanel linkId={link.id} shares={shares} />}
            {editor && !seeded && (
              <ScheduleForm
                linkId={link.id}
                choice={scheduleChoice(link.recaptureEveryHours)}
                hours={link.recaptureEveryHours}
                next={link.nextCaptureAt?.toISOString() ?? null}
                max={MAX_RECAPTURE_HOURS}
              />
            )}
            <SnapshotHistory linkId={link.id} versions={link.snapshots} view={view} shownId={snapshot?.id} />
          </aside>
        </div>
      </article>
    </LiveCaptures>
  );
}

type Snapshot = EntryDetail["snapshots"][number];

function SnapshotView({ link, snapshot, view, blocks }: { link: EntryDetail; snapshot: Snapshot | undefined; view: View; blocks: DetailedBlock[] | null }) {
  const t = useTranslations();
  if (view === "info") {
    return (
      <>
        <InfoTable link={link} snapshot={snapshot} />
        {snapshot?.status === SNAPSHOT_STATUS.ready && <SnapshotDetails snapshot={snapshot} />}
      </>
    );
  }
  if (!snapshot || snapshot.status !== SNAPSHOT_STATUS.ready) {
    return <p className="rounded-md bg-white p-6 text-center text-stone-500">{t("link.notReady")}</p>;
  }
  const original = originalInfoOf(snapshot);
  if (original) return <OriginalFileView snapshot={snapshot} info={original} view={view} lang={link.language ?? undefined} />;
  if (view === "screenshot") {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- full-size archived screenshot from our own route
      <img
        src={`/archive/${snapshot.id}/screenshot`}
        alt={link.title ?? ""}
        data-testid="screenshot"
        className="w-full rounded border border-stone-200 bg-[#fff]"
      />
    );
  }
  if (view === "archive") {
    return (
      <div className="flex flex-col gap-2">
        <div className="flex justify-end gap-4 text-sm">
          <a href={`/archive/${snapshot.id}/html`} target="_blank" rel="noopener" className="text-kura-700 underline">
            {t("link.openArchive")}
          </a>
          {/* The snapshot is one self-contained file: downloaded as it is stored, it replays offline anywhere. */}
          <a
            href={`/archive/${snapshot.id}/html`}
            download={`kura-${link.id}-snapshot-${snapshot.id}.html`}
            className="text-kura-700 underline"
            data-testid="download-html"
          >
            {t("dataExport.downloadHtml")}
          </a>
        </div>
        <iframe
          src={`/archive/${snapshot.id}/html`}
          title={t("link.archiveFrameTitle")}
          // No allow-scripts, no allow-same-origin: the archived page can neither run code nor reach the app.
          sandbox=""
          referrerPolicy="no-referrer"
          data-testid="archive-frame"
          className="h-[75vh] w-full rounded border border-stone-200 bg-[#fff]"
        />
      </div>
    );
  }
  if (blocks) return <ArticleBlocks blocks={blocks} lang={link.language ?? undefined} />;
  return <ReaderView snapshot={snapshot} language={link.language} />;
}

function InfoTable({ link, snapshot }: { link: EntryDetail; snapshot: Snapshot | undefined }) {
  const t = useTranslations();
  const locale = useLocale();
  const rows: Array<[string, ReactNode]> = [
    [t("link.info.url"), link.url],
    [t("link.info.addedAt"), <LocalTime key="added" date={link.createdAt} testId="info-added" />],
    [t("link.info.language"), link.language ? languageName(link.language, locale) : "—"],
  ];
  if (snapshot) {
    rows.push(
      [t("link.info.capturedAt"), snapshot.capturedAt ? <LocalTime key="captured" date={snapshot.capturedAt} testId="info-captured" /> : "—"],
      [t("link.info.finalUrl"), snapshot.finalUrl ?? "—"],
      [t("link.info.httpStatus"), snapshot.httpStatus ? String(snapshot.httpStatus) : "—"],
      [t("link.info.contentType"), snapshot.contentType ?? "—"],
      [t("link.info.duration"), snapshot.durationMs ? `${(snapshot.durationMs / 1000).toFixed(1)} s` : "—"],
      [t("link.info.html"), formatBytes(snapshot.htmlBytes, locale)],
      [t("link.info.screenshot"), formatBytes(snapshot.screenshotBytes, locale)],
      [t("link.info.thumbnail"), formatBytes(snapshot.thumbnailBytes, locale)],
      [t("link.info.text"), formatBytes(snapshot.textBytes, locale)],
      [t("link.info.sha256"), snapshot.htmlSha256 ?? "—"],
      ...originalInfoRows(snapshot, t, locale),
    );
  }
  return (
    <table className="w-full rounded-lg bg-white text-sm shadow-sm" data-testid="info">
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label} className="border-b border-stone-100 last:border-0">
            <th className="w-40 px-3 py-2 text-left font-medium text-stone-500">{label}</th>
            <td className="break-all px-3 py-2 font-mono text-xs">{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
