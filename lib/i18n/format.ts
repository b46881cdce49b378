// Dates and byte sizes in the reader's language. A moment people read (added, captured, next capture) goes through
// next-intl's formatter with DATE_TIME, in the viewer's time zone and the locale's own order — the same one Moment's
// title uses, so a page never writes one moment two ways. Calendar days and months below carry no time of day and
// stay in UTC, the zone they are stored in.
import type { DateTimeFormatOptions } from "next-intl";
import type { Locale } from "./catalogues";

/**
 * How a moment is written wherever the interface shows one exactly ("Dec 3, 2026, 9:05 AM", "2026年12月3日 09:05"):
 * passed to next-intl's formatter, which brings the page's locale and the viewer's time zone (i18n/request.ts).
 */
export const DATE_TIME: DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };

// The tags next-intl formats with (its locale is the catalogue's), so days and months here read like its moments:
// English "Dec 3, 2026" everywhere, never "3 Dec" beside "Dec 3".
const intlLocale: Record<Locale, string> = { en: "en", zh: "zh", ja: "ja" };

function tag(locale: string): string {
  return intlLocale[locale as Locale] ?? intlLocale.en;
}

/** 512 B, 1.5 KB, 3.2 MB, with the locale's decimal mark. */
export function formatBytes(bytes: number | null | undefined, locale: string): string {
  if (bytes === null || bytes === undefined) return "—";
  const number = (n: number) => new Intl.NumberFormat(tag(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024) return `${new Intl.NumberFormat(tag(locale)).format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${number(bytes / 1024)} KB`;
  return `${number(bytes / 1024 / 1024)} MB`;
}

/** A count with the locale's grouping: 12,345. */
export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(tag(locale)).format(n);
}

/** A calendar month ("2026-12") as "Dec 2026" / "2026年12月"; `short` leaves out the year ("Dec" / "12月"). */
export function formatMonth(month: string, locale: string, length: "long" | "short" = "long"): string {
  const [year, number] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year!, number! - 1, 1));
  const options: Intl.DateTimeFormatOptions = length === "long" ? { year: "numeric", month: "short", timeZone: "UTC" } : { month: "short", timeZone: "UTC" };
  return new Intl.DateTimeFormat(tag(locale), options).format(date);
}

/** A calendar day (published/updated dates carry no meaningful time for a reader). */
export function formatDay(iso: string | null | undefined, locale: string): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return new Intl.DateTimeFormat(tag(locale), { dateStyle: "long", timeZone: "UTC" }).format(date);
}

/** The archived page's language named in the reader's language ("Chinese" / "中文" / "中国語"). */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([tag(locale)], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
