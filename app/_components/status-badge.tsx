import { messages as m } from "@/lib/i18n/messages";

const styles: Record<string, string> = {
  queued: "bg-stone-100 text-stone-700",
  capturing: "bg-amber-100 text-amber-800",
  ready: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  none: "bg-stone-100 text-stone-600",
};

export function StatusBadge({ status, stage }: { status: string; stage?: string | null }) {
  const label =
    status === "capturing" && stage && stage in m.status ? m.status[stage as keyof typeof m.status] : (m.status[status as keyof typeof m.status] ?? status);
  const busy = status === "queued" || status === "capturing";
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
