import { useFormatter, useNow } from "next-intl";

/**
 * A moment as people say it ("3 hours ago", "3 小时前", "3 時間前"), the exact local time on hover and in the
 * dateTime attribute. Time zone: the viewer's, from the request configuration (i18n/request.ts).
 */
export function Moment({ date, testId }: { date: Date; testId?: string }) {
  const format = useFormatter();
  const now = useNow();
  return (
    <time dateTime={date.toISOString()} title={format.dateTime(date, { dateStyle: "medium", timeStyle: "short" })} data-testid={testId}>
      {format.relativeTime(date, now)}
    </time>
  );
}
