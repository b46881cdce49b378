import { useTranslations } from "next-intl";
import { failureText } from "@/lib/i18n/failure-text";
import { isPendingStatus, SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

const styles: Record<string, string> = {
  [SNAPSHOT_STATUS.queued]: "bg-stone-100 text-stone-700",
  [SNAPSHOT_STATUS.capturing]: "bg-amber-100 text-amber-800",
  [SNAPSHOT_STATUS.ready]: "bg-emerald-100 text-emerald-800",
  [SNAPSHOT_STATUS.failed]: "bg-red-100 text-red-800",
  cancelled: "bg-stone-100 text-stone-600",
  none: "bg-stone-100 text-stone-600",
};

const LABELS = new Set(["queued", "capturing", "loading", "scrolling", "saving", "ready", "failed", "cancelled", "none"]);

/** A snapshot's state; a capture someone cancelled is stored as failed but shown as a neutral "Cancelled". */
export function StatusBadge({ status, stage, error }: { status: string; stage?: string | null; error?: string | null }) {
  const t = useTranslations("status");
  const cancelled = status === SNAPSHOT_STATUS.failed && !!error && failureText(error).kind === "cancelled";
  const shown = cancelled ? "cancelled" : status === SNAPSHOT_STATUS.capturing && stage && LABELS.has(stage) ? stage : status;
  const label = LABELS.has(shown) ? t(shown as "queued") : status;
  const busy = isPendingStatus(status);
  return (
    <span
      data-testid="status"
      data-status={status}
      data-cancelled={cancelled || undefined}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${styles[cancelled ? "cancelled" : status] ?? styles.none}`}
    >
      {busy && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {label}
    </span>
  );
}
