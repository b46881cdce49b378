import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { findTags, type TagSort } from "@/lib/library/tags";
import { requireUser } from "@/lib/accounts/current-user";
import { hasRole } from "@/lib/accounts/roles";
import { libraryHref } from "@/app/_components/library-href";
import { TagManager } from "./tag-manager";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("tags.title") };
}

export default async function TagsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser("viewer", "/tags");
  const editor = hasRole(user.role, "editor");
  const t = await getTranslations();
  const o = await getTranslations("organise");
  const raw = await searchParams;
  const find = typeof raw.find === "string" ? raw.find.slice(0, 80) : "";
  const sort: TagSort = raw.sort === "name" ? "name" : "count";
  const tags = await findTags(find, sort);
  const sortHref = (s: TagSort) => `/tags?${new URLSearchParams({ ...(find ? { find } : {}), sort: s }).toString()}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-bold text-kura-900">{t("tags.title")}</h1>
        <div className="flex items-center gap-3 text-sm">
          <span className="text-stone-500">{o("sortBy")}</span>
          {(["count", "name"] as const).map((s) => (
            <Link
              key={s}
              href={sortHref(s)}
              aria-current={s === sort ? "true" : undefined}
              data-testid={`tag-sort-${s}`}
              className={s === sort ? "font-semibold text-kura-900" : "text-kura-700 underline"}
            >
              {s === "count" ? o("sortCount") : o("sortName")}
            </Link>
          ))}
          <form action="/tags" method="get" role="search">
            <input type="hidden" name="sort" value={sort} />
            <input
              name="find"
              type="search"
              defaultValue={find}
              aria-label={o("tagsSearch")}
              placeholder={o("tagsSearch")}
              className="w-48 rounded-md border border-stone-300 bg-white px-2 py-1"
            />
          </form>
        </div>
      </div>
      {tags.length === 0 ? (
        <p className="text-stone-500">{t("tags.empty")}</p>
      ) : (
        <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 md:grid-cols-3" data-testid="tag-list">
          {tags.map((tag) => (
            <li key={tag.key} className="flex flex-col gap-1 rounded-md border border-kura-100 bg-white px-3 py-2" data-testid="tag-item" data-key={tag.key}>
              <Link href={libraryHref([tag.name])} className="flex items-center justify-between hover:underline" data-testid="tag-row">
                <span className="flex items-center gap-2 font-medium text-kura-900">
                  {tag.color && (
                    <span aria-hidden className="inline-block h-3 w-3 rounded-full" style={{ backgroundColor: tag.color }} data-testid="tag-color" />
                  )}
                  #{tag.name}
                </span>
                <span className="text-xs text-stone-500" data-testid="tag-count">
                  {t("tags.count", { count: tag.count })}
                </span>
              </Link>
              {editor && <TagManager tagKey={tag.key} name={tag.name} color={tag.color} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
