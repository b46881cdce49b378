import { useTranslations } from "next-intl";
import { failureText } from "@/lib/i18n/failure-text";
import type { PendingRetry } from "@/lib/library/retry";
import { RetryNotice } from "./retry-notice";

/**
 * Why a capture failed, in the reader's language: one sentence (testId, e.g. "entry-error"), a hint, the attempt to
 * come and its time when the job will try again (`retry`, from its Job row), and the stored reason word for word behind a
 * disclosure. Long reasons wrap, never scroll.
 */
export function FailureMessage({
  error,
  url,
  testId,
  compact = false,
  retry,
}: {
  error: string;
  url?: string;
  testId?: string;
  compact?: boolean;
  retry?: PendingRetry | null;
}) {
  const t = useTranslations("failure");
  const text = failureText(error, url);
  const cancelled = text.kind === "cancelled";
  return (
    <div className={`min-w-0 break-words [overflow-wrap:anywhere] ${cancelled ? "text-stone-600" : "text-red-800"}`} data-failure={text.kind}>
      <p data-testid={testId} className={compact ? "text-sm" : "font-medium"}>
        {t(`${text.kind}.sentence`, text.values)}
      </p>
      <p className="text-xs text-stone-600">
        {t(`${text.kind}.hint`, text.values)}
        {retry && (
          <>
            {" · "}
            <RetryNotice retry={retry} />
          </>
        )}
      </p>
      {text.detail !== t(`${text.kind}.sentence`, text.values) && (
        <details className="mt-1 text-xs text-stone-500" data-testid="failure-detail">
          <summary className="cursor-pointer select-none">{t("details")}</summary>
          <code className="block whitespace-pre-wrap [overflow-wrap:anywhere]">{text.detail}</code>
        </details>
      )}
    </div>
  );
}
