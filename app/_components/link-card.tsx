import Link from "next/link";
import type { LibraryEntry } from "@/lib/library/search";
import { isSeeded } from "@/lib/library/vocabulary";
import { useTranslations } from "next-intl";
import { Moment } from "./moment";
import { CaptureControls, LiveCaptureError, LiveStatusBadge } from "./live-status";
import { FileTypeBadge } from "./file-type-badge";
import { TagChip } from "./tag-chip";
import { libraryHref, type ListingOptions } from "./library-href";
import { shownDescription, shownTitle } from "@/lib/library/organise";
import { favouriteAction } from "../_actions/organise";
import type { Sibling } from "@/lib/library/write-ups";
import { AlsoIn } from "./write-up-versions";

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
  siblings = [],
  dense = false,
  options,
}: {
  entry: LibraryEntry;
  activeTags: string[];
  highlight: boolean;
  editor: boolean;
  /** HTML-escaped by the search index, hits wrapped in <mark>. */
  snippet?: string;
  /** The search that found this entry: passed on so the reader marks its hits. */
  q?: string;
  /** Other versions of the entry's write-up (translations, mirrors). */
  siblings?: Sibling[];
  /** The dense list view: one or two lines per entry, no thumbnail, description or snippet. */
  dense?: boolean;
  /** The listing's order and filters, kept when a tag chip narrows it further. */
  options?: ListingOptions;
}) {
  const href = q ? `/links/${entry.id}?q=${encodeURIComponent(q)}` : `/links/${entry.id}`;
  const snapshot = entry.snapshots[0];
  const server = {
    linkId: entry.id,
    snapshotId: snapshot?.id ?? null,
    status: snapshot?.status ?? "none",
    stage: snapshot?.stage,
    error: snapshot?.error,
    retry: snapshot?.retry,
  };
  const activeKeys = new Set(activeTags.map((t) => t.toLowerCase()));
  const t = useTranslations("library");
  const o = useTranslations("organise");
  const title = shownTitle(entry);
  const description = shownDescription(entry);
  return (
    <li
      data-testid="entry"
      data-link-id={entry.id}
      data-url={entry.url}
      data-dense={dense || undefined}
      className={`flex gap-3 rounded-lg border bg-white shadow-sm sm:gap-4 ${dense ? "px-3 py-1.5" : "p-3"} ${highlight ? "border-kura-700 ring-2 ring-kura-100" : "border-kura-100"}`}
    >
      {editor && (
        <input
          type="checkbox"
          data-bulk-pick
          data-testid="entry-select"
          value={entry.id}
          aria-label={o("select", { title })}
          className="h-6 w-6 shrink-0 self-start accent-kura-800 sm:mt-1 sm:h-4 sm:w-4"
        />
      )}
      {/* The title link names the entry; the thumbnail repeats it for the mouse only (one tab stop per card). */}
      {!dense && (
        <Link
          href={href}
          tabIndex={-1}
          aria-hidden="true"
          className="hidden w-40 shrink-0 overflow-hidden rounded border sm:block border-stone-200 bg-[#f5f5f4]"
        >
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
            <div className="flex h-[100px] w-40 items-center justify-center text-xs text-[#57534e]">{t("noThumbnail")}</div>
          )}
        </Link>
      )}
      <div className={`flex min-w-0 flex-1 flex-col ${dense ? "gap-0.5 md:flex-row md:flex-wrap md:items-center md:gap-x-4" : "gap-1"}`}>
        <div className="flex min-w-0 items-start gap-2 sm:items-center">
          {editor ? (
            <form action={favouriteAction} className="shrink-0">
              <input type="hidden" name="linkId" value={entry.id} />
              <input type="hidden" name="favourite" value={entry.favourite ? "0" : "1"} />
              <button
                type="submit"
                aria-pressed={entry.favourite}
                aria-label={entry.favourite ? o("unfavourite") : o("favourite")}
                title={entry.favourite ? o("unfavourite") : o("favourite")}
                data-testid="entry-star"
                className={`inline-flex min-h-6 min-w-6 items-center justify-center ${entry.favourite ? "text-amber-500" : "text-stone-300 hover:text-amber-500"}`}
              >
                {entry.favourite ? "★" : "☆"}
              </button>
            </form>
          ) : (
            entry.favourite && (
              <span className="shrink-0 text-amber-500" data-testid="entry-star" aria-label={o("favourite")}>
                ★
              </span>
            )
          )}
          <Link
            href={href}
            data-testid="entry-title"
            className="line-clamp-2 min-w-0 font-semibold text-stone-900 [overflow-wrap:anywhere] hover:underline sm:line-clamp-1"
            lang={entry.language ?? undefined}
          >
            {title}
          </Link>
          <span
            data-testid="entry-state"
            data-state={entry.state}
            className={`shrink-0 rounded px-1.5 py-0.5 text-[10px] uppercase tracking-wide ${entry.state === "unread" ? "bg-kura-50 text-kura-800" : "bg-stone-100 text-stone-500"}`}
          >
            {o(`states.${entry.state as "unread"}`)}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-xs text-stone-500">
          <span className="min-w-0 truncate">{siteOf(entry, t("seeded"))}</span>
          <span aria-hidden>·</span>
          <Moment date={entry.createdAt} testId="entry-added" />
          <LiveStatusBadge {...server} />
          <FileTypeBadge snapshot={snapshot} />
          {editor && <CaptureControls {...server} title={title} />}
        </div>
        <LiveCaptureError {...server} url={entry.url} />
        {!dense && description && (
          <p className="line-clamp-2 text-sm text-stone-600" lang={entry.language ?? undefined}>
            {description}
          </p>
        )}
        {!dense && snippet && (
          // The index escapes the text and adds only <mark> elements (lib/search/snippet.ts).
          <p
            className="text-sm text-stone-700 [&_mark]:bg-amber-200"
            data-testid="snippet"
            lang={entry.language ?? undefined}
            dangerouslySetInnerHTML={{ __html: snippet }}
          />
        )}
        {!dense && <AlsoIn siblings={siblings} q={q} />}
        <div className="flex flex-wrap gap-1">
          {entry.tags.map(({ tag }) => (
            <TagChip
              key={tag.id}
              name={tag.name}
              color={tag.color}
              active={activeKeys.has(tag.key)}
              href={libraryHref(activeKeys.has(tag.key) ? activeTags : [...activeTags, tag.name], undefined, undefined, options)}
              title={t("addFilter", { tag: tag.name })}
            />
          ))}
        </div>
      </div>
    </li>
  );
}
