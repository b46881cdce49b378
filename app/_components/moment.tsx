import { useFormatter, useNow } from "next-intl";
import { DATE_TIME } from "@/lib/i18n/format";

/**
 * A moment as people say it ("3 hours ago", "3 小时前", "3 時間前"), the exact local time on hover and in the
 * dateTime attribute. Time zone: the viewer's, from the request configuration (i18n/request.ts).
 */
export function Moment({ date, testId }: { date: Date; testId?: string }) {
  const format = useFormatter();
  const now = useNow();
  return (
    <time dateTime={date.toISOString()} title={format.dateTime(date, DATE_TIME)} data-testid={testId}>
      {format.relativeTime(date, now)}
    </time>
  );
}
