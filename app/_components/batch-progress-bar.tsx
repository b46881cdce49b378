"use client";

import { useTranslations } from "next-intl";
import { useLiveCaptures, type KnownCapture } from "./live-captures";
import { SNAPSHOT_STATUS } from "@/lib/library/vocabulary";

export function BatchProgressBar({ known }: { known: KnownCapture[] }) {
  const t = useTranslations();
  const states = useLiveCaptures(known);
  const count = (status: string) => states.filter((s) => s.status === status).length;
  const ready = count(SNAPSHOT_STATUS.ready);
  const failed = count(SNAPSHOT_STATUS.failed);
  const done = ready + failed;
  const percent = states.length ? Math.round((done / states.length) * 100) : 100;
  return (
    <div className="rounded-lg border border-kura-100 bg-white p-3 text-sm shadow-sm" data-testid="batch-progress" role="status">
      <div className="mb-2 flex justify-between">
        <span>{t("library.batch", { done, total: states.length })}</span>
        <span className="text-stone-500">{t("library.batchDetail", { ready, failed })}</span>
      </div>
      <div
        className="h-2 overflow-hidden rounded bg-stone-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={states.length}
        aria-valuenow={done}
        aria-label={t("library.batch", { done, total: states.length })}
      >
        <div className="h-full bg-kura-700 transition-all" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}
