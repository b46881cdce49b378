"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { useSearchParams } from "next/navigation";
import { addEntryAction } from "../_actions/entries";
import type { FormState } from "../_actions/safe-action";

export function PasteForm() {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(addEntryAction, {});
  // The bookmarklet arrives as /?paste=<url>: the link is filled in, the user confirms with Enter.
  const pasted = useSearchParams().get("paste") ?? undefined;
  const urlError = state.errors?.url;
  const tagsError = state.errors?.tags;
  return (
    <form action={action} className="flex flex-col gap-1" aria-label={t("paste.urlLabel")} noValidate>
      <div className="flex flex-col gap-2 sm:flex-row">
        <textarea
          name="url"
          rows={1}
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          required
          onKeyDown={(event) => {
            // Enter archives; pasted text may hold one link per line (Shift+Enter adds a line by hand).
            if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          aria-label={t("paste.urlLabel")}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? "paste-url-error" : undefined}
          placeholder={t("paste.urlPlaceholder")}
          defaultValue={state.values?.url ?? pasted}
          key={`url-${state.values?.url ?? pasted ?? ""}`}
          className="field-sizing-content max-h-40 min-h-[38px] min-w-0 flex-1 sm:min-w-40 resize-none rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-kura-700 focus:outline-none focus:ring-2 focus:ring-kura-100"
        />
        <input
          name="tags"
          type="text"
          autoComplete="off"
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          aria-label={t("paste.tagsLabel")}
          aria-invalid={tagsError ? true : undefined}
          aria-describedby={tagsError ? "paste-tags-error" : undefined}
          placeholder={t("paste.tagsPlaceholder")}
          defaultValue={state.values?.tags}
          key={`tags-${state.values?.tags ?? ""}`}
          className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-kura-700 focus:outline-none focus:ring-2 focus:ring-kura-100 sm:w-40 sm:min-w-0"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-kura-800 px-4 py-2 text-sm font-semibold whitespace-nowrap text-white shadow-sm hover:bg-kura-900 disabled:opacity-60"
        >
          {pending ? t("paste.submitting") : t("paste.submit")}
        </button>
      </div>
      {urlError && (
        <p id="paste-url-error" role="alert" className="text-sm text-red-700">
          {urlError}
        </p>
      )}
      {tagsError && (
        <p id="paste-tags-error" role="alert" className="text-sm text-red-700">
          {tagsError}
        </p>
      )}
    </form>
  );
}
