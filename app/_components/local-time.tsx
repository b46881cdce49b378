import { useFormatter } from "next-intl";
import { DATE_TIME } from "@/lib/i18n/format";

/**
 * A moment written out in full ("Dec 3, 2026, 9:05 AM", "2026年12月3日 09:05") in the page's language and the
 * viewer's time zone (next-intl's request configuration), with the exact instant in the dateTime attribute.
 */
export function LocalTime({ date, testId }: { date: Date; testId?: string }) {
  const format = useFormatter();
  return (
    <time dateTime={date.toISOString()} data-testid={testId}>
      {format.dateTime(date, DATE_TIME)}
    </time>
  );
}
