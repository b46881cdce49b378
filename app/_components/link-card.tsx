import Link from "next/link";
import type { LibraryEntry } from "@/lib/library/search";
import { isSeeded } from "@/lib/library/vocabulary";
import { useFormatter, useNow, useTranslations } from "next-intl";
import { CaptureControls, LiveCaptureError, LiveStatusBadge } from "./live-status";
import { FileTypeBadge } from "./file-type-badge";
import { TagChip } from "./tag-chip";
import { libraryHref } from "./library-href";

function siteOf(entry: LibraryEntry, seeded: string): string {
  if (isSeeded(entry)) return entry.siteName ?? seeded;
  try {
    return entry.siteName ?? new URL(entry.url).hostname;
  } catch {
    return entry.url;
  }
}

export function LinkCard({
  entry,
  activeTags,
  highlight,
  editor,
  snippet,
  q,
}: {
  entry: LibraryEntry;
  activeTags: string[];
  highlight: boolean;
  editor: boolean;
  /** HTML-escaped by the search index, hits wrapped in <mark>. */
  snippet?: string;
  /** The search that found this entry: passed on so the reader marks its hits. */
  q?: string;
}) {
  const href = q ? `/links/${entry.id}?q=${encodeURIComponent(q)}` : `/links/${entry.id}`;
  const snapshot = entry.snapshots[0];
  const server = { linkId: entry.id, snapshotId: snapshot?.id ?? null, status: snapshot?.status ?? "none", stage: snapshot?.stage, error: snapshot?.error };
  const activeKeys = new Set(activeTags.map((t) => t.toLowerCase()));
  const t = useTranslations("library");
  const format = useFormatter();
  const now = useNow();
  return (
    <li
      data-testid="entry"
      data-link-id={entry.id}
      data-url={entry.url}
      className={`flex gap-4 rounded-lg border bg-white p-3 shadow-sm ${highlight ? "border-kura-700 ring-2 ring-kura-100" : "border-kura-100"}`}
    >
      <Link href={href} className="block w-40 shrink-0 overflow-hidden rounded border border-stone-200 bg-stone-100">
        {snapshot?.thumbnailPath ? (
          // eslint-disable-next-line @next/next/no-img-element -- archived files are served by our own route, not optimized
          <img
            src={`/archive/${snapshot.id}/thumbnail`}
            alt=""
            data-testid="thumbnail"
            width={160}
            height={100}
            className="h-[100px] w-40 object-cover object-top"
          />
        ) : (
          <div className="flex h-[100px] w-40 items-center justify-center text-xs text-stone-500">{t("noThumbnail")}</div>
        )}
      </Link>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <Link href={href} data-testid="entry-title" className="truncate font-semibold text-stone-900 hover:underline" lang={entry.language ?? undefined}>
          {entry.title || entry.url}
        </Link>
        <div className="flex flex-wrap items-center gap-2 text-xs text-stone-500">
          <span className="truncate">{siteOf(entry, t("seeded"))}</span>
          <span aria-hidden>·</span>
          <time
            dateTime={entry.createdAt.toISOString()}
            title={format.dateTime(entry.createdAt, { dateStyle: "medium", timeStyle: "short" })}
            data-testid="entry-added"
          >
            {format.relativeTime(entry.createdAt, now)}
          </time>
          <LiveStatusBadge {...server} />
          <FileTypeBadge snapshot={snapshot} />
          {editor && <CaptureControls {...server} title={entry.title || entry.url} />}
        </div>
        <LiveCaptureError {...server} url={entry.url} />
        {entry.description && (
          <p className="line-clamp-2 text-sm text-stone-600" lang={entry.language ?? undefined}>
            {entry.description}
          </p>
        )}
        {snippet && (
          // The index escapes the text and adds only <mark> elements (lib/search/snippet.ts).
          <p
            className="text-sm text-stone-700 [&_mark]:bg-amber-200"
            data-testid="snippet"
            lang={entry.language ?? undefined}
            dangerouslySetInnerHTML={{ __html: snippet }}
          />
        )}
        <div className="flex flex-wrap gap-1">
          {entry.tags.map(({ tag }) => (
            <TagChip
              key={tag.id}
              name={tag.name}
              active={activeKeys.has(tag.key)}
              href={libraryHref(activeKeys.has(tag.key) ? activeTags : [...activeTags, tag.name])}
              title={t("addFilter", { tag: tag.name })}
            />
          ))}
        </div>
      </div>
    </li>
  );
}
