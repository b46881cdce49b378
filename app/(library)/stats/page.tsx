import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/accounts/current-user";
import { libraryStats } from "@/lib/library/stats";
import { formatBytes } from "@/lib/i18n/format";
import { StatsCharts } from "@/app/_components/stats-charts";

export const dynamic = "force-dynamic";
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations())("stats.title") };
}

export default async function StatsPage() {
  await requireUser("viewer", "/stats");
  const [t, locale, stats] = await Promise.all([getTranslations("stats"), getLocale(), libraryStats()]);
  const captures = [...stats.captures.ready, ...stats.captures.failed].reduce(
    (sum, n) => sum + n,
    stats.captures.earlier.ready + stats.captures.earlier.failed,
  );
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold text-kura-900">{t("title")}</h1>
        <p className="text-sm text-stone-600">{t("intro")}</p>
        <p className="mt-1 text-sm font-medium text-stone-700" data-testid="stats-summary">
          {t("summary", {
            entries: stats.entries.total,
            captures,
            bytes: formatBytes(stats.storage.total, locale),
            disk: formatBytes(stats.storage.onDisk, locale),
          })}
        </p>
      </div>
      <StatsCharts stats={stats} />
    </div>
  );
}
