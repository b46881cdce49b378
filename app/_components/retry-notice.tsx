"use client";

import { useFormatter, useNow, useTranslations } from "next-intl";
import type { PendingRetry } from "@/lib/library/retry";
import { DATE_TIME } from "@/lib/i18n/format";

/**
 * "Attempt 2 of 3 · Next automatic retry in 20 seconds", from the capture's Job row. A client component so the
 * relative time counts down while the page is open; a retry that is due but not yet picked up reads "now".
 */
export function RetryNotice({ retry }: { retry: PendingRetry }) {
  const t = useTranslations("failure");
  const format = useFormatter();
  const now = useNow({ updateInterval: 1000 });
  const runAt = new Date(retry.runAt);
  const shown = runAt.getTime() > now.getTime() ? runAt : now;
  return (
    <span data-testid="retry-notice">
      <span data-testid="retry-attempt">{t("attempts", { attempt: retry.attempt, max: retry.maxAttempts })}</span>
      {" · "}
      {/* The server's clock and the browser's differ by the time the page took to arrive: the text may too. */}
      <time dateTime={retry.runAt} title={format.dateTime(runAt, DATE_TIME)} data-testid="next-retry" suppressHydrationWarning>
        {t("nextRetry", { time: format.relativeTime(shown, now) })}
      </time>
    </span>
  );
}
