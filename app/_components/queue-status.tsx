import { getTranslations } from "next-intl/server";
import { queueSummary } from "@/lib/library/progress";
import { JOB_STATES } from "@/lib/library/vocabulary";

/** Capture jobs per state, for administrators. */
export async function QueueStatus({ className }: { className: string }) {
  const t = await getTranslations();
  const counts = await queueSummary();
  return (
    <section className={className} aria-labelledby="queue-heading" data-testid="queue-status">
      <h2 id="queue-heading" className="font-semibold">
        {t("queue.title")}
      </h2>
      <p className="text-sm text-stone-600">{t("queue.intro")}</p>
      <dl className="grid grid-cols-5 gap-2 text-center text-sm">
        {JOB_STATES.map((state) => (
          <div key={state} className="rounded border border-stone-200 px-2 py-1" data-state={state}>
            <dt className="text-xs text-stone-500">{t(`queue.states.${state}`)}</dt>
            <dd className="text-lg font-semibold tabular-nums">{counts[state]}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
