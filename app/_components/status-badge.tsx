import { messages as m } from "@/lib/i18n/messages";
import { isPendingStatus, SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

const styles: Record<string, string> = {
  [SNAPSHOT_STATUS.queued]: "bg-stone-100 text-stone-700",
  [SNAPSHOT_STATUS.capturing]: "bg-amber-100 text-amber-800",
  [SNAPSHOT_STATUS.ready]: "bg-emerald-100 text-emerald-800",
  [SNAPSHOT_STATUS.failed]: "bg-red-100 text-red-800",
  none: "bg-stone-100 text-stone-600",
};

export function StatusBadge({ status, stage }: { status: string; stage?: string | null }) {
  const label =
    status === SNAPSHOT_STATUS.capturing && stage && stage in m.status
      ? m.status[stage as keyof typeof m.status]
      : (m.status[status as keyof typeof m.status] ?? status);
  const busy = isPendingStatus(status);
  return (
    <span
      data-testid="status"
      data-status={status}
      className={`inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ${styles[status] ?? styles.none}`}
    >
      {busy && <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {label}
    </span>
  );
}
