"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { setTagsAction } from "../_actions/entries";
import type { FormState } from "../_actions/safe-action";
import { TAG_DATALIST_ID } from "./tag-datalist";

export function TagEditor({ linkId, tags }: { linkId: number; tags: string[] }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(setTagsAction, {});
  const current = state.values?.tags ?? tags.join(", ");
  return (
    <form action={action} className="flex flex-col gap-1" aria-label={t("link.editTags")}>
      <input type="hidden" name="linkId" value={linkId} />
      <label className="text-xs font-semibold uppercase tracking-wide text-stone-500" htmlFor="tag-editor">
        {t("link.editTags")}
      </label>
      <div className="flex gap-2">
        <input
          id="tag-editor"
          name="tags"
          list={TAG_DATALIST_ID}
          defaultValue={current}
          key={current}
          aria-invalid={state.errors?.tags ? true : undefined}
          className="min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-2 py-1 text-sm"
        />
        <button type="submit" disabled={pending} className="rounded-md border border-kura-700 px-3 py-1 text-sm font-medium text-kura-800 hover:bg-kura-50">
          {t("link.saveTags")}
        </button>
      </div>
      {state.errors && (
        <p role="alert" className="text-sm text-red-700">
          {state.errors.tags ?? state.errors.form ?? Object.values(state.errors)[0]}
        </p>
      )}
      {state.ok && (
        <p role="status" className="text-sm text-emerald-700">
          {t("link.tagsSaved")}
        </p>
      )}
    </form>
  );
}
