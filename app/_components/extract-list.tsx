import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { languageName } from "@/lib/i18n/format";
import type { ExtractListing } from "@/lib/library/extracts";

/** The Commands or Errors page body: a filter, the count, each command/message once with the entries quoting it. */
export async function ExtractList({ kind, listing, filter }: { kind: "commands" | "errors"; listing: ExtractListing; filter: string }) {
  const t = await getTranslations("extracts");
  const locale = await getLocale();
  const path = `/${kind}`;
  const pageHref = (page: number) => `${path}?${new URLSearchParams({ ...(filter ? { q: filter } : {}), page: String(page) }).toString()}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-bold text-kura-900">{t(`${kind}.title`)}</h1>
          <p className="text-sm text-stone-600">{t(`${kind}.intro`)}</p>
        </div>
        <form action={path} method="get" role="search" className="flex items-center gap-2 text-sm">
          <input
            name="q"
            type="search"
            defaultValue={filter}
            maxLength={200}
            aria-label={t(`${kind}.filter`)}
            placeholder={t(`${kind}.filter`)}
            className="w-64 rounded-md border border-stone-300 bg-white px-2 py-1"
          />
        </form>
      </div>
      <p className="text-sm text-stone-600" data-testid="extract-count">
        {t(`${kind}.count`, { count: listing.total })}
      </p>
      {listing.groups.length === 0 ? (
        <p className="text-stone-500">{filter ? t("noMatch") : t(`${kind}.empty`)}</p>
      ) : (
        <ul className="flex flex-col gap-3" data-testid="extract-list">
          {listing.groups.map((group) => (
            <li key={group.text} className="flex flex-col gap-2 rounded-md border border-kura-100 bg-white px-3 py-2" data-testid="extract">
              {/* Focusable so a keyboard can scroll a long line sideways. */}
              <pre tabIndex={0} className="overflow-x-auto rounded bg-stone-50 px-2 py-1 font-mono text-sm text-stone-900" data-testid="extract-text">
                <code>{group.text}</code>
              </pre>
              <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
                <span className="text-stone-600">{t("quotedBy", { count: group.entries.length })}</span>
                {group.entries.map((entry) => (
                  <Link key={entry.id} href={`/links/${entry.id}`} className="text-kura-700 underline" data-testid="extract-entry">
                    {entry.title}
                    {entry.language && <span className="ml-1 text-xs text-stone-600">({languageName(entry.language, locale)})</span>}
                  </Link>
                ))}
                <Link href={`/?${new URLSearchParams({ q: `"${group.text.replaceAll('"', " ")}"` }).toString()}`} className="text-stone-600 underline">
                  {t("searchFor")}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
      {listing.pageCount > 1 && (
        <nav className="flex justify-between text-sm" aria-label={t("pages")}>
          {listing.page > 1 ? (
            <Link href={pageHref(listing.page - 1)} className="text-kura-700 underline">
              {t("previous")}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-stone-600">{t("pageOf", { page: listing.page, pages: listing.pageCount })}</span>
          {listing.page < listing.pageCount ? (
            <Link href={pageHref(listing.page + 1)} className="text-kura-700 underline">
              {t("next")}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
