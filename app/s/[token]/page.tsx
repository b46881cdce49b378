import { getFormatter, getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { sharedEntryId } from "@/lib/library/shares";
import { getEntry } from "@/lib/library/detail";
import { DATE_TIME } from "@/lib/i18n/format";
import { originalInfoOf } from "@/lib/library/snapshot-facts";
import { SharedOriginalView } from "@/app/_components/original-file-view";
import { SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: t("share.title"), robots: { index: false, follow: false } };
}

/** The public, read-only view of one shared entry: no library, no tags to edit, nothing else reachable. */
export default async function SharedEntryPage({ params }: { params: Promise<{ token: string }> }) {
  const t = await getTranslations();
  const format = await getFormatter();
  const { token } = await params;
  const linkId = await sharedEntryId(token);
  if (linkId === null) notFound();
  const link = await getEntry(linkId);
  const snapshot = link?.snapshots.find((s) => s.status === SNAPSHOT_STATUS.ready);
  if (!link || !snapshot) notFound();
  const share = `?share=${encodeURIComponent(token)}`;
  const original = originalInfoOf(snapshot);
  return (
    <article className="flex flex-col gap-4" data-testid="shared-entry">
      {/* Provenance first: a visitor must be able to tell an archived copy from the live page, and where it came from. */}
      <aside
        role="note"
        aria-label={t("share.provenanceLabel")}
        className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        data-testid="provenance"
      >
        <p className="font-medium">{t("share.sharedNotice")}</p>
        <p className="break-all">
          {t("share.originalUrl")} {/* Only a web address is a link: a seeded write-up's kura-seed:// origin is shown, never followed. */}
          {/^https?:\/\//.test(snapshot.finalUrl ?? link.url) ? (
            <a href={snapshot.finalUrl ?? link.url} rel="noopener noreferrer nofollow" target="_blank" className="underline" data-testid="original-url">
              {snapshot.finalUrl ?? link.url}
            </a>
          ) : (
            <span data-testid="original-url">{snapshot.finalUrl ?? link.url}</span>
          )}
        </p>
        {snapshot.capturedAt && (
          <p>
            {t("share.capturedAt")}{" "}
            <time dateTime={snapshot.capturedAt.toISOString()} data-testid="captured-at">
              {format.dateTime(snapshot.capturedAt, DATE_TIME)}
            </time>
          </p>
        )}
      </aside>
      <h1 className="text-2xl font-bold text-kura-900" lang={link.language ?? undefined}>
        {link.title || link.url}
      </h1>
      {original ? (
        <SharedOriginalView snapshot={snapshot} info={original} query={share} />
      ) : (
        <iframe
          src={`/archive/${snapshot.id}/html${share}`}
          title={t("link.archiveFrameTitle")}
          sandbox=""
          referrerPolicy="no-referrer"
          data-testid="archive-frame"
          className="h-[75vh] w-full rounded border border-stone-200 bg-[#fff]"
        />
      )}
    </article>
  );
}
