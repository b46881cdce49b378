"use client";

import { useFormatter, useTranslations } from "next-intl";
import { DATE_TIME } from "@/lib/i18n/format";
import { startTransition, useActionState, useState } from "react";
import { scheduleAction } from "@/app/_actions/capture";
import type { FormState } from "@/app/_actions/safe-action";

type Choice = "off" | "daily" | "weekly" | "custom";

/**
 * Off / every day / every week / every N hours; the next due time (`next`, ISO) comes from the server after saving
 * and is shown in the viewer's time zone.
 */
export function ScheduleForm({ linkId, choice, hours, next, max }: { linkId: number; choice: Choice; hours: number | null; next: string | null; max: number }) {
  const t = useTranslations();
  const format = useFormatter();
  const [state, action, pending] = useActionState<FormState, FormData>(scheduleAction, {});
  const [every, setEvery] = useState<Choice>(choice);
  const hoursError = state.errors?.hours;
  const formError = state.errors?.form;
  return (
    <form
      // Submitted by hand: a form `action` would reset the fields afterwards, losing the choice on an error.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
      noValidate
      className="flex flex-col gap-2 text-sm"
      aria-labelledby="schedule-heading"
      data-testid="schedule-form"
    >
      <h2 id="schedule-heading" className="text-xs font-semibold uppercase tracking-wide text-stone-500">
        {t("schedule.title")}
      </h2>
      <input type="hidden" name="linkId" value={linkId} />
      <label className="flex items-center gap-2">
        <span>{t("schedule.label")}</span>
        <select
          name="every"
          value={every}
          onChange={(e) => setEvery(e.target.value as Choice)}
          className="rounded-md border border-stone-300 bg-white px-2 py-1"
        >
          <option value="off">{t("schedule.off")}</option>
          <option value="daily">{t("schedule.daily")}</option>
          <option value="weekly">{t("schedule.weekly")}</option>
          <option value="custom">{t("schedule.custom")}</option>
        </select>
      </label>
      {every === "custom" && (
        <label className="flex items-center gap-2">
          <span>{t("schedule.hours")}</span>
          <input
            name="hours"
            type="number"
            min={1}
            max={max}
            step={1}
            defaultValue={state.values?.hours || (hours ?? 12)}
            aria-invalid={hoursError ? true : undefined}
            aria-describedby={hoursError ? "schedule-hours-error" : undefined}
            className="w-20 rounded-md border border-stone-300 bg-white px-2 py-1"
          />
        </label>
      )}
      <button
        type="submit"
        disabled={pending}
        className="self-start rounded-md border border-kura-700 px-3 py-1 font-medium text-kura-800 hover:bg-kura-50 disabled:opacity-50"
      >
        {t("schedule.save")}
      </button>
      {hoursError && (
        <p id="schedule-hours-error" role="alert" className="text-red-700">
          {hoursError}
        </p>
      )}
      {formError && (
        <p role="alert" className="text-red-700">
          {formError}
        </p>
      )}
      {state.ok && !pending && (
        <p role="status" className="text-emerald-800">
          {t("schedule.saved")}
        </p>
      )}
      {next && (
        <p className="text-stone-600" data-testid="next-capture">
          <time dateTime={next}>{t("schedule.next", { date: format.dateTime(new Date(next), DATE_TIME) })}</time>
        </p>
      )}
    </form>
  );
}
