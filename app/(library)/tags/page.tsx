import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import Link from "next/link";
import { listTagsWithCounts } from "@/lib/library/tags";
import { requireUser } from "@/lib/accounts/current-user";
import { libraryHref } from "@/app/_components/library-href";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("tags.title") };
}

export default async function TagsPage() {
  const t = await getTranslations();
  await requireUser("viewer", "/tags");
  const tags = await listTagsWithCounts();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-xl font-bold text-kura-900">{t("tags.title")}</h1>
      {tags.length === 0 ? (
        <p className="text-stone-500">{t("tags.empty")}</p>
      ) : (
        <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3 md:grid-cols-4" data-testid="tag-list">
          {tags.map((tag) => (
            <li key={tag.key}>
              <Link
                href={libraryHref([tag.name])}
                className="flex items-center justify-between rounded-md border border-kura-100 bg-white px-3 py-2 hover:border-kura-700"
                data-testid="tag-row"
              >
                <span className="font-medium text-kura-900">#{tag.name}</span>
                <span className="text-xs text-stone-500" data-testid="tag-count">
                  {t("tags.count", { count: tag.count })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
