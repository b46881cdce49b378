"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { customTextAction, noteAction } from "../_actions/organise";
import type { FormState } from "../_actions/safe-action";

function Result({ state, saved }: { state: FormState; saved: string }) {
  if (state.errors)
    return (
      <p role="alert" className="text-sm text-red-700">
        {Object.values(state.errors)[0]}
      </p>
    );
  if (state.ok)
    return (
      <p role="status" className="text-sm text-emerald-700">
        {saved}
      </p>
    );
  return null;
}

export function NoteEditor({ linkId, note }: { linkId: number; note: string }) {
  const t = useTranslations("organise");
  const [state, action, pending] = useActionState<FormState, FormData>(noteAction, {});
  const current = state.values?.note ?? note;
  return (
    <form action={action} className="flex flex-col gap-1">
      <input type="hidden" name="linkId" value={linkId} />
      <textarea
        name="note"
        key={current}
        defaultValue={current}
        rows={4}
        aria-label={t("note")}
        data-testid="note-input"
        className="rounded-md border border-stone-300 px-2 py-1 font-mono text-sm"
      />
      <span className="text-xs text-stone-500">{t("noteHelp")}</span>
      <button type="submit" disabled={pending} className="self-start rounded-md border border-kura-700 px-3 py-1 text-sm text-kura-800 hover:bg-kura-50">
        {t("saveNote")}
      </button>
      <Result state={state} saved={t("noteSaved")} />
    </form>
  );
}

export function CustomTextEditor({ linkId, customTitle, customDescription }: { linkId: number; customTitle: string; customDescription: string }) {
  const t = useTranslations("organise");
  const [state, action, pending] = useActionState<FormState, FormData>(customTextAction, {});
  const title = state.values?.customTitle ?? customTitle;
  const description = state.values?.customDescription ?? customDescription;
  return (
    <form action={action} className="flex flex-col gap-1" key={`${customTitle}\u0000${customDescription}`}>
      <input type="hidden" name="linkId" value={linkId} />
      <label className="text-xs font-semibold uppercase tracking-wide text-stone-500">
        {t("customTitle")}
        <input
          name="customTitle"
          defaultValue={title}
          data-testid="custom-title"
          className="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1 text-sm font-normal normal-case"
        />
      </label>
      <label className="text-xs font-semibold uppercase tracking-wide text-stone-500">
        {t("customDescription")}
        <textarea
          name="customDescription"
          defaultValue={description}
          rows={2}
          data-testid="custom-description"
          className="mt-1 block w-full rounded-md border border-stone-300 px-2 py-1 text-sm font-normal normal-case"
        />
      </label>
      <span className="text-xs text-stone-500">{t("customHelp")}</span>
      <button type="submit" disabled={pending} className="self-start rounded-md border border-kura-700 px-3 py-1 text-sm text-kura-800 hover:bg-kura-50">
        {t("saveCustom")}
      </button>
      <Result state={state} saved={t("customSaved")} />
    </form>
  );
}
