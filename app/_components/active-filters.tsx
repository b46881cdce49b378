import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { LibrarySearch } from "@/lib/library/search";
import { libraryHref, type ListingOptions } from "./library-href";

/**
 * What narrows the listing, one chip per filter (the search, each tag, the status, the file type, the site), each a
 * link to the same listing without it: the other filters and the order stay (the view is a cookie, so it stays
 * too). "Clear filters" drops every filter and keeps the order.
 */
export async function ActiveFilters({ search }: { search: LibrarySearch }) {
  const t = await getTranslations("library");
  const options: ListingOptions = { sort: search.sort, status: search.status, type: search.type, site: search.site };
  // Page 1 of the listing with one thing changed; an option set to undefined is left out of the URL.
  const hrefWith = (tags: string[], q: string | undefined, change: ListingOptions = {}) => libraryHref(tags, q, undefined, { ...options, ...change });
  const chips: Array<{ key: string; label: string; name: string; href: string }> = [];
  if (search.q)
    chips.push({ key: "q", label: t("chips.search", { q: search.q }), name: t("chips.removeSearch", { q: search.q }), href: hrefWith(search.tags, undefined) });
  for (const tag of search.tags) {
    chips.push({
      key: `tag:${tag}`,
      label: `#${tag}`,
      name: t("chips.removeTag", { tag }),
      href: hrefWith(
        search.tags.filter((x) => x !== tag),
        search.q,
      ),
    });
  }
  if (search.status) {
    const status = t(`controls.statuses.${search.status}`);
    chips.push({
      key: "status",
      label: t("chips.status", { status }),
      name: t("chips.removeStatus", { status }),
      href: hrefWith(search.tags, search.q, { status: undefined }),
    });
  }
  if (search.type) {
    const type = t(`controls.types.${search.type}`);
    chips.push({
      key: "type",
      label: t("chips.type", { type }),
      name: t("chips.removeType", { type }),
      href: hrefWith(search.tags, search.q, { type: undefined }),
    });
  }
  if (search.site) {
    const site = search.site;
    chips.push({
      key: "site",
      label: t("chips.site", { site }),
      name: t("chips.removeSite", { site }),
      href: hrefWith(search.tags, search.q, { site: undefined }),
    });
  }
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="active-filters">
      <span className="text-stone-500">{t("filteredBy")}</span>
      {chips.map((chip) => (
        <Link
          key={chip.key}
          href={chip.href}
          // The name says what the link does; the visible text is the filter (with ×), as sighted readers see it.
          aria-label={chip.name}
          title={chip.name}
          data-testid="filter-chip"
          data-filter={chip.key}
          className="inline-flex min-h-6 max-w-full items-center gap-1 rounded-full border border-kura-800 bg-kura-800 px-2 py-0.5 text-xs font-medium text-white [overflow-wrap:anywhere] hover:bg-kura-700"
        >
          <span className="min-w-0">{chip.label}</span>
          <span aria-hidden="true" className="text-sm leading-none">
            ×
          </span>
        </Link>
      ))}
      <Link href={libraryHref([], undefined, undefined, { sort: search.sort })} className="text-xs text-kura-700 underline" data-testid="clear-filters">
        {t("clearFilters")}
      </Link>
    </div>
  );
}
