import { useLocale, useTranslations } from "next-intl";
import type { LibraryStats, Month } from "@/lib/library/stats";
import { formatBytes, formatCount, formatMonth } from "@/lib/i18n/format";

// The stats page's charts, drawn as plain SVG and HTML on the server: no script, nothing to hydrate. Every chart has
// a heading, and its numbers in words: the month charts name each month's value to a screen reader and list them in
// a table behind "The numbers"; the share charts are tables whose bars only repeat the number beside them.
// Colours come from the palette's variables (fill-kura-700, fill-red-700), so both themes keep their contrast.

const card = "flex min-w-0 flex-col gap-3 rounded-lg bg-white p-4 shadow-sm";

/** A round top for the value axis whose half is a whole number too (2, 4, 6 or 10 times a power of ten), so the
 *  gridlines carry plain counts. */
function niceMax(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  return [2, 4, 6, 10].map((step) => step * power).find((top) => top >= value) ?? 10 * power;
}

type Series = { key: string; label: string; values: number[]; fill: string; swatch: string };

function MonthChart({
  id,
  title,
  description,
  note,
  months,
  series,
}: {
  id: string;
  title: string;
  description: string;
  note?: string;
  months: Month[];
  series: Series[];
}) {
  const t = useTranslations("stats");
  const locale = useLocale();
  const totals = months.map((_, n) => series.reduce((sum, s) => sum + s.values[n]!, 0));
  const top = niceMax(Math.max(0, ...totals));
  // Units of the drawing: each month is 10 wide (a bar of 7 and a gap of 3), the height is 100.
  const width = months.length * 10;
  const spoken = months
    .map(
      (month, n) =>
        `${formatMonth(month, locale)}: ${series.map((s) => (series.length > 1 ? `${formatCount(s.values[n]!, locale)} ${s.label}` : formatCount(s.values[n]!, locale))).join(", ")}`,
    )
    .join("; ");
  return (
    <section className={card} aria-labelledby={`${id}-title`} data-testid={id}>
      <div>
        <h2 id={`${id}-title`} className="font-semibold text-kura-900">
          {title}
        </h2>
        <p className="text-xs text-stone-500">{description}</p>
      </div>
      {series.length > 1 && (
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-600" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key} className="flex items-center gap-1.5">
              <span className={`inline-block h-3 w-3 rounded-sm ${s.swatch}`} />
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <div className="flex h-40 w-8 shrink-0 flex-col justify-between text-right text-[11px] leading-none text-stone-500 tabular-nums" aria-hidden="true">
          <span>{formatCount(top, locale)}</span>
          <span>{formatCount(top / 2, locale)}</span>
          <span>0</span>
        </div>
        <div className="min-w-0 flex-1">
          <svg
            role="img"
            aria-label={`${title}. ${spoken}`}
            viewBox={`0 0 ${width} 100`}
            preserveAspectRatio="none"
            className="block h-40 w-full overflow-visible"
            data-testid={`${id}-svg`}
          >
            {[0, 50, 100].map((y) => (
              <line key={y} x1={0} x2={width} y1={y} y2={y} className="stroke-stone-200" strokeWidth={1} vectorEffect="non-scaling-stroke" />
            ))}
            {months.map((month, n) => {
              let base = 100;
              return (
                <g key={month}>
                  {series.map((s) => {
                    const value = s.values[n]!;
                    if (value === 0) return null;
                    const height = (value / top) * 100;
                    base -= height;
                    return (
                      // A stroke in the card's colour parts stacked pieces, so each meets the background, not its neighbour.
                      <rect
                        key={s.key}
                        x={n * 10 + 1.5}
                        y={base}
                        width={7}
                        height={height}
                        className={`${s.fill} stroke-white`}
                        strokeWidth={1}
                        vectorEffect="non-scaling-stroke"
                        data-month={month}
                        data-series={s.key}
                        data-value={value}
                      >
                        <title>{`${formatMonth(month, locale)} · ${s.label}: ${formatCount(value, locale)}`}</title>
                      </rect>
                    );
                  })}
                </g>
              );
            })}
          </svg>
          <div className="mt-1 grid text-[11px] text-stone-500" style={{ gridTemplateColumns: `repeat(${months.length}, minmax(0, 1fr))` }} aria-hidden="true">
            {months.map((month, n) => (
              // Centred under its bar, free to spill into its neighbours' room: on a phone every other month is
              // named (the table below names them all), and "10月" is wider than a phone's bar.
              <span key={month} className="relative h-4">
                <span className={`absolute left-1/2 -translate-x-1/2 whitespace-nowrap ${(months.length - 1 - n) % 2 === 1 ? "hidden sm:inline" : ""}`}>
                  {formatMonth(month, locale, "short")}
                </span>
              </span>
            ))}
          </div>
        </div>
      </div>
      {note && <p className="text-xs text-stone-500">{note}</p>}
      <details className="text-sm">
        <summary className="min-h-6 cursor-pointer text-xs text-kura-700 select-none">{t("showNumbers")}</summary>
        <table className="mt-2 w-full text-left text-xs" data-testid={`${id}-table`}>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr className="border-b border-stone-200 text-stone-500">
              <th scope="col" className="py-1 font-medium">
                {t("month")}
              </th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="py-1 text-right font-medium">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {months.map((month, n) => (
              <tr key={month} className="border-b border-stone-100 last:border-0" data-month={month}>
                <th scope="row" className="py-1 font-normal">
                  {formatMonth(month, locale)}
                </th>
                {series.map((s) => (
                  <td key={s.key} className="py-1 text-right tabular-nums" data-series={s.key} data-value={s.values[n]}>
                    {formatCount(s.values[n]!, locale)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}

type ShareRow = { key: string; label: string; value: number; shown: string; extra?: string; extraValue?: number };

/** A table of shares, largest first, each row's bar drawn to scale under its name. */
function ShareTable({
  id,
  title,
  columns,
  rows,
  empty,
  bar,
  note,
}: {
  id: string;
  title: string;
  columns: { label: string; value: string; extra?: string };
  rows: ShareRow[];
  empty: string;
  bar: string;
  note?: string;
}) {
  const largest = Math.max(0, ...rows.map((r) => r.value));
  return (
    <section className={card} aria-labelledby={`${id}-title`} data-testid={id}>
      <h2 id={`${id}-title`} className="font-semibold text-kura-900">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-sm text-stone-500" data-testid={`${id}-empty`}>
          {empty}
        </p>
      ) : (
        <table className="w-full table-fixed text-left text-sm" aria-labelledby={`${id}-title`}>
          <thead>
            <tr className="border-b border-stone-200 text-xs text-stone-500">
              <th scope="col" className="py-1 font-medium">
                {columns.label}
              </th>
              {columns.extra && (
                <th scope="col" className="w-20 py-1 text-right font-medium">
                  {columns.extra}
                </th>
              )}
              <th scope="col" className="w-24 py-1 text-right font-medium">
                {columns.value}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} className="border-b border-stone-100 align-top last:border-0" data-key={row.key}>
                <th scope="row" className="py-1.5 pr-2 font-normal">
                  <span className="block [overflow-wrap:anywhere]">{row.label}</span>
                  <span className="mt-1 block h-2 rounded-sm bg-stone-100" aria-hidden="true">
                    <span className={`block h-2 rounded-sm ${bar}`} style={{ width: `${largest > 0 ? Math.max(1, (row.value / largest) * 100) : 0}%` }} />
                  </span>
                </th>
                {columns.extra && (
                  <td className="py-1.5 text-right tabular-nums" data-extra={row.extraValue}>
                    {row.extra}
                  </td>
                )}
                <td className="py-1.5 text-right tabular-nums" data-value={row.value}>
                  {row.shown}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {note && <p className="text-xs text-stone-500">{note}</p>}
    </section>
  );
}

export function StatsCharts({ stats }: { stats: LibraryStats }) {
  const t = useTranslations("stats");
  const locale = useLocale();
  const bytes = (n: number) => formatBytes(n, locale);
  const count = (n: number) => formatCount(n, locale);
  const first = formatMonth(stats.months[0]!, locale);
  const { storage } = stats;
  const sites: ShareRow[] = storage.bySite.map((s) => ({
    key: s.site ?? "seeded",
    label: s.site ?? t("bySite.seeded"),
    value: s.bytes,
    shown: bytes(s.bytes),
    extra: count(s.entries),
    extraValue: s.entries,
  }));
  if (storage.otherSites) {
    const other = storage.otherSites;
    sites.push({
      key: "other",
      label: t("bySite.other", { sites: other.sites }),
      value: other.bytes,
      shown: bytes(other.bytes),
      extra: count(other.entries),
      extraValue: other.entries,
    });
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <MonthChart
        id="stats-entries"
        title={t("entries.title")}
        description={t("entries.description", { months: stats.months.length })}
        note={stats.entries.earlier > 0 ? t("entries.earlier", { count: stats.entries.earlier, month: first }) : undefined}
        months={stats.months}
        series={[{ key: "entries", label: t("entries.count"), values: stats.entries.perMonth, fill: "fill-kura-700", swatch: "bg-kura-700" }]}
      />
      <MonthChart
        id="stats-captures"
        title={t("captures.title")}
        description={t("captures.description", { months: stats.months.length })}
        note={
          stats.captures.earlier.ready + stats.captures.earlier.failed > 0
            ? t("captures.earlier", { month: first, ready: count(stats.captures.earlier.ready), failed: count(stats.captures.earlier.failed) })
            : undefined
        }
        months={stats.months}
        series={[
          { key: "ready", label: t("captures.ready"), values: stats.captures.ready, fill: "fill-kura-700", swatch: "bg-kura-700" },
          { key: "failed", label: t("captures.failed"), values: stats.captures.failed, fill: "fill-red-700", swatch: "bg-red-700" },
        ]}
      />
      <ShareTable
        id="stats-by-site"
        title={t("bySite.title")}
        columns={{ label: t("bySite.site"), extra: t("bySite.entries"), value: t("bySite.size") }}
        rows={sites}
        empty={t("empty")}
        bar="bg-kura-700"
      />
      <ShareTable
        id="stats-by-type"
        title={t("byType.title")}
        columns={{ label: t("byType.type"), extra: t("byType.files"), value: t("byType.size") }}
        rows={storage.byType.map((s) => ({
          key: s.type,
          label: t(`byType.types.${s.type}`),
          value: s.bytes,
          shown: bytes(s.bytes),
          extra: count(s.files),
          extraValue: s.files,
        }))}
        empty={t("empty")}
        bar="bg-kura-700"
        note={t("sizesNote")}
      />
      <ShareTable
        id="stats-failures"
        title={t("failures.title")}
        columns={{ label: t("failures.reason"), value: t("failures.count") }}
        rows={stats.failures.map((f) => ({ key: f.kind, label: t(`failures.kinds.${f.kind}`), value: f.count, shown: count(f.count) }))}
        empty={t("failures.none")}
        bar="bg-red-700"
      />
    </div>
  );
}
