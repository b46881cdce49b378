"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { FILE_TYPE_FILTERS, LIBRARY_SORTS, LIBRARY_VIEW_COOKIE, STATUS_FILTERS, type LibraryView } from "@/lib/validation/library-views";
import type { LibrarySite } from "@/lib/library/sites";
import { libraryHref, type ListingOptions } from "./library-href";

const select = "min-h-8 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm text-stone-700";

/**
 * The library's order, status, file-type and site choices (a GET form, so the URL says what is shown and can be
 * shared; it follows each change at once) and the cards/list switch (the viewer's own, kept in a cookie).
 */
export function LibraryControls({
  tags,
  q,
  options,
  view,
  sites,
}: {
  tags: string[];
  q?: string;
  options: ListingOptions;
  view: LibraryView;
  /** The library's sites with their entry counts (lib/library/sites.ts). */
  sites: LibrarySite[];
}) {
  const t = useTranslations("library.controls");
  // A site from a shared URL that the list does not offer (past its cap, or only archived entries) stays choosable.
  const siteChoices = options.site && !sites.some((s) => s.site === options.site) ? [{ site: options.site, entries: null }, ...sites] : sites;
  const router = useRouter();
  return (
    <div className="flex flex-wrap items-end justify-between gap-3" data-testid="library-controls">
      <form
        // Remounted when the URL's choices change (a chip removed, back and forward), so the selects show them.
        key={JSON.stringify(options)}
        action="/"
        method="get"
        className="flex flex-wrap items-end gap-2 text-sm"
        onChange={(event) => {
          // Page 1 of the new listing; empty choices (and the default order) stay out of the URL.
          const form = new FormData(event.currentTarget);
          const pick = (name: string) => (form.get(name) as string) || undefined;
          const sort = pick("sort") as ListingOptions["sort"];
          router.push(
            libraryHref(tags, q, 1, {
              sort: sort === "added" ? undefined : sort,
              status: pick("status") as ListingOptions["status"],
              type: pick("type") as ListingOptions["type"],
              site: pick("site"),
            }),
          );
        }}
      >
        {tags.map((tag) => (
          <input key={tag} type="hidden" name="tag" value={tag} />
        ))}
        {q && <input type="hidden" name="q" value={q} />}
        <label className="flex flex-col gap-0.5 text-xs text-stone-600">
          <span className="sr-only sm:not-sr-only">{t("sort")}</span>
          <select name="sort" defaultValue={options.sort ?? "added"} className={select} data-testid="library-sort">
            {LIBRARY_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`sorts.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5 text-xs text-stone-600">
          <span className="sr-only sm:not-sr-only">{t("status")}</span>
          <select name="status" defaultValue={options.status ?? ""} className={select} data-testid="library-status">
            <option value="">{t("anyStatus")}</option>
            {STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5 text-xs text-stone-600">
          <span className="sr-only sm:not-sr-only">{t("type")}</span>
          <select name="type" defaultValue={options.type ?? ""} className={select} data-testid="library-type">
            <option value="">{t("anyType")}</option>
            {FILE_TYPE_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`types.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex min-w-0 flex-col gap-0.5 text-xs text-stone-600">
          <span className="sr-only sm:not-sr-only">{t("site")}</span>
          <select name="site" defaultValue={options.site ?? ""} className={`${select} max-w-full sm:max-w-56`} data-testid="library-site">
            <option value="">{t("anySite")}</option>
            {siteChoices.map(({ site, entries }) => (
              <option key={site} value={site}>
                {entries === null ? site : t("siteCount", { site, count: entries })}
              </option>
            ))}
          </select>
        </label>
        {/* Without JavaScript the form is sent with this button. */}
        <noscript>
          <button type="submit" className={select}>
            {t("apply")}
          </button>
        </noscript>
      </form>
      <div role="group" aria-label={t("view")} className="flex overflow-hidden rounded-md border border-stone-300 text-sm">
        {(["cards", "list"] as const).map((v) => (
          <button
            key={v}
            type="button"
            aria-pressed={view === v}
            data-testid={`view-${v}`}
            onClick={() => {
              document.cookie = `${LIBRARY_VIEW_COOKIE}=${v}; path=/; max-age=31536000; samesite=lax`;
              router.refresh();
            }}
            className={`min-h-8 px-3 py-1 ${view === v ? "bg-kura-800 font-semibold text-white" : "bg-white text-stone-700 hover:bg-stone-50"}`}
          >
            {t(`views.${v}`)}
          </button>
        ))}
      </div>
    </div>
  );
}
