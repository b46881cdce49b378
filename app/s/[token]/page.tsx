import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { sharedEntryId } from "@/lib/library/shares";
import { getEntry } from "@/lib/library/detail";
import { messages as m } from "@/lib/i18n/messages";
import { originalInfoOf } from "@/lib/library/snapshot-facts";
import { SharedOriginalView } from "@/app/_components/original-file-view";
import { SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: m.share.title, robots: { index: false, follow: false } };

/** The public, read-only view of one shared entry: no library, no tags to edit, nothing else reachable. */
export default async function SharedEntryPage({ params }: { params: Promise<{ token: string }> }) {
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
      <p className="text-sm text-stone-500">{m.share.sharedNotice}</p>
      <h1 className="text-2xl font-bold text-kura-900" lang={link.language ?? undefined}>
        {link.title || link.url}
      </h1>
      {original ? (
        <SharedOriginalView snapshot={snapshot} info={original} query={share} />
      ) : (
        <iframe
          src={`/archive/${snapshot.id}/html${share}`}
          title={m.link.archiveFrameTitle}
          sandbox=""
          referrerPolicy="no-referrer"
          data-testid="archive-frame"
          className="h-[75vh] w-full rounded border border-stone-200 bg-white"
        />
      )}
    </article>
  );
}
