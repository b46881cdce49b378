import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import type { EntryDetail } from "@/lib/library/detail";
import { DATE_TIME } from "@/lib/i18n/format";
import { StatusBadge } from "@/app/_components/status-badge";
import { LiveStatusBadge } from "@/app/_components/live-status";
import { SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

/**
 * The entry's versions, newest first: each opens in the views above, and any two with text can be compared
 * (the newest two are picked to start with).
 */
export function SnapshotHistory({
  linkId,
  versions,
  view,
  shownId,
}: {
  linkId: number;
  versions: EntryDetail["snapshots"];
  view: string;
  shownId: number | undefined;
}) {
  const t = useTranslations();
  const format = useFormatter();
  const comparable = versions.filter((v) => v.status === SNAPSHOT_STATUS.ready && v.textBytes !== null);
  const [to, from] = comparable;
  return (
    <section aria-labelledby="versions-heading" data-testid="snapshots">
      <h2 id="versions-heading" className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-500">
        {t("history.title")}
      </h2>
      <form action={`/links/${linkId}/diff`} method="get" className="flex flex-col gap-2">
        <table className="w-full text-sm">
          {comparable.length > 1 && (
            <thead className="text-[10px] font-medium uppercase text-stone-500">
              <tr>
                <th scope="col" className="w-11 pr-2 text-left font-medium">
                  {t("diff.from")}
                </th>
                <th scope="col" className="w-11 pr-2 text-left font-medium">
                  {t("diff.to")}
                </th>
                <th scope="col" className="text-left font-medium">
                  <span className="sr-only">{t("history.title")}</span>
                </th>
              </tr>
            </thead>
          )}
          <tbody>
            {versions.map((v, index) => {
              const at = v.capturedAt ?? v.createdAt;
              const date = format.dateTime(at, DATE_TIME);
              const canCompare = comparable.includes(v);
              return (
                <tr key={v.id} data-testid="version" data-snapshot-id={v.id} className="align-middle">
                  {comparable.length > 1 && (
                    <>
                      <td>
                        {canCompare && <input type="radio" name="a" value={v.id} defaultChecked={v === from} aria-label={t("history.pickFrom", { date })} />}
                      </td>
                      <td>{canCompare && <input type="radio" name="b" value={v.id} defaultChecked={v === to} aria-label={t("history.pickTo", { date })} />}</td>
                    </>
                  )}
                  <td className="py-0.5">
                    <span className="flex items-center justify-between gap-2">
                      <Link
                        href={`/links/${linkId}?view=${view}&snapshot=${v.id}`}
                        aria-current={v.id === shownId ? "true" : undefined}
                        className={v.id === shownId ? "font-semibold text-kura-900" : "text-kura-700 underline"}
                      >
                        <time dateTime={at.toISOString()}>{date}</time>
                      </Link>
                      {index === 0 ? (
                        <LiveStatusBadge linkId={linkId} snapshotId={v.id} status={v.status} stage={v.stage} error={v.error} />
                      ) : (
                        <StatusBadge status={v.status} stage={v.stage} />
                      )}
                    </span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {comparable.length > 1 ? (
          <button type="submit" className="self-start rounded-md border border-kura-700 px-3 py-1 text-sm font-medium text-kura-800 hover:bg-kura-50">
            {t("history.compare")}
          </button>
        ) : (
          <p className="text-xs text-stone-500">{t("history.needTwo")}</p>
        )}
      </form>
    </section>
  );
}
