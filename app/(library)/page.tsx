import Link from "next/link";
import { LibrarySearch, listEntries } from "@/lib/library/search";
import { requireUser } from "@/lib/accounts/current-user";
import { getLocale, getTranslations } from "next-intl/server";
import { LinkCard } from "@/app/_components/link-card";
import { LiveCaptures, type KnownCapture } from "@/app/_components/live-captures";
import { hasRole } from "@/lib/accounts/roles";
import { liveCursor, snapshotStates } from "@/lib/library/progress";
import { libraryHref } from "@/app/_components/library-href";
import { BatchProgressBar } from "@/app/_components/batch-progress-bar";
import { BulkSelection } from "@/app/_components/bulk-selection";
import { TagDatalist } from "@/app/_components/tag-datalist";
import { allTagNames } from "@/lib/library/organise";
import { exportCount } from "@/lib/library/export";
import { ExportLinks } from "@/app/_components/export-links";
import { cookies } from "next/headers";
import { LibraryControls } from "@/app/_components/library-controls";
import { LIBRARY_VIEW_COOKIE, libraryViewSchema } from "@/lib/validation/library-views";
import { ActiveFilters } from "@/app/_components/active-filters";
import { recentLibrarySites } from "@/lib/library/sites";

export const dynamic = "force-dynamic";

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("viewer", "/");
  const t = await getTranslations();
  const renderedAt = await liveCursor();
  const raw = await searchParams;
  const search = LibrarySearch.from(raw);
  const added = new Set(
    [raw.added ?? []]
      .flat()
      .map(Number)
      .filter((n) => n > 0),
  );
  const library = await listEntries(search, { foldWriteUps: true, language: await getLocale() });
  const options = { sort: search.sort, status: search.status, type: search.type, site: search.site };
  const view = libraryViewSchema.parse((await cookies()).get(LIBRARY_VIEW_COOKIE)?.value);
  // Entries shown plus a pasted batch (which may reach beyond this page): the live stream follows these.
  const known: KnownCapture[] = library.entries.map((e) => ({
    linkId: e.id,
    snapshotId: e.snapshots[0]?.id ?? null,
    status: e.snapshots[0]?.status ?? "none",
  }));
  const shown = new Set(known.map((k) => k.linkId));
  const offPage = [...added].filter((id) => !shown.has(id));
  if (offPage.length > 0) known.push(...(await snapshotStates(offPage)));
  const filtered = LibrarySearch.isFiltered(search);
  const editor = hasRole(user.role, "editor");
  const [tagNames, sites] = await Promise.all([editor ? allTagNames() : [], recentLibrarySites()]);
  // Archived entries are left out unless the search names a state (is:archived, is:read…).
  const showsArchived = LibrarySearch.namesState(search);
  const searchString = libraryHref(search.tags, search.q, undefined, options).replace(/^\/\??/, "");
  // A search's export holds what the listing counts (its own query, capped at 1,000+); the whole library's export
  // holds archived entries too, which the listing leaves out.
  const exportable = filtered ? library.total : await exportCount({ tags: [] });

  return (
    <LiveCaptures known={known} since={renderedAt}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
          <div>
            <h1 className="text-xl font-bold text-kura-900">{t("library.title")}</h1>
            <p className="text-sm text-stone-500" data-testid="entry-count">
              {library.capped ? t("library.countCapped", { count: library.total }) : t("library.count", { count: library.total })}
            </p>
          </div>
          <form action="/" method="get" className="flex gap-2" role="search">
            {search.tags.map((tag) => (
              <input key={tag} type="hidden" name="tag" value={tag} />
            ))}
            {/* A new search keeps the chosen order and filters, as the filter chips do. */}
            {Object.entries(options).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
            <input
              name="q"
              type="search"
              defaultValue={search.q}
              aria-label={t("library.searchLabel")}
              placeholder={t("library.searchPlaceholder")}
              className="w-full rounded-md border border-stone-300 bg-white px-3 py-1.5 text-sm sm:w-72"
            />
          </form>
        </div>
        <LibraryControls tags={search.tags} q={search.q} options={options} view={view} sites={sites} />
        {added.size > 1 && <BatchProgressBar known={known.filter((k) => added.has(k.linkId))} />}
        {filtered && <ActiveFilters search={search} />}
        <ExportLinks count={exportable} capped={filtered && library.capped} whole={!filtered} search={searchString} />
        {!showsArchived && (
          <p className="text-xs text-stone-500" data-testid="archived-hidden">
            {t("organise.archivedHidden")}
          </p>
        )}
        {/* The selection bar stays when a bulk delete empties the listing: its summary is shown there. */}
        <BulkSelection total={library.total} search={searchString}>
          {library.entries.length === 0 ? (
            <p className="rounded-lg border border-dashed border-stone-300 bg-white p-8 text-center text-stone-500">
              {filtered ? t("library.emptyFiltered") : t("library.empty")}
            </p>
          ) : (
            <ul className={`flex flex-col ${view === "list" ? "gap-1" : "gap-3"}`} data-testid="entries" data-view={view}>
              {library.entries.map((entry) => (
                <LinkCard
                  key={entry.id}
                  entry={entry}
                  activeTags={search.tags}
                  highlight={added.has(entry.id)}
                  editor={editor}
                  snippet={library.snippets[entry.id]}
                  q={search.q}
                  siblings={library.siblings[entry.id]}
                  dense={view === "list"}
                  options={options}
                />
              ))}
            </ul>
          )}
        </BulkSelection>
        {editor && <TagDatalist names={tagNames} />}
        {library.pageCount > 1 && (
          <nav className="flex items-center justify-between text-sm" aria-label={t("library.pagination")}>
            {search.page > 1 ? (
              <Link href={libraryHref(search.tags, search.q, search.page - 1, options)} className="inline-block py-1 text-kura-700 underline">
                ← {t("library.previous")}
              </Link>
            ) : (
              <span />
            )}
            <span className="text-stone-500">{t("library.pageOf", { page: search.page, pages: library.pageCount })}</span>
            {search.page < library.pageCount ? (
              <Link href={libraryHref(search.tags, search.q, search.page + 1, options)} className="inline-block py-1 text-kura-700 underline">
                {t("library.next")} →
              </Link>
            ) : (
              <span />
            )}
          </nav>
        )}
      </div>
    </LiveCaptures>
  );
}
