"use client";

import { useActionState } from "react";
import { addLinkAction, type FormState } from "../actions";
import { messages as m } from "@/lib/i18n/messages";

export function PasteForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(addLinkAction, {});
  const urlError = state.errors?.url;
  const tagsError = state.errors?.tags;
  return (
    <form action={action} className="flex flex-col gap-1" aria-label={m.paste.urlLabel} noValidate>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          name="url"
          type="text"
          inputMode="url"
          autoComplete="off"
          required
          aria-label={m.paste.urlLabel}
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? "paste-url-error" : undefined}
          placeholder={m.paste.urlPlaceholder}
          defaultValue={state.values?.url}
          key={`url-${state.values?.url ?? ""}`}
          className="min-w-0 flex-1 rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-kura-700 focus:outline-none focus:ring-2 focus:ring-kura-100"
        />
        <input
          name="tags"
          type="text"
          autoComplete="off"
          aria-label={m.paste.tagsLabel}
          aria-invalid={tagsError ? true : undefined}
          aria-describedby={tagsError ? "paste-tags-error" : undefined}
          placeholder={m.paste.tagsPlaceholder}
          defaultValue={state.values?.tags}
          key={`tags-${state.values?.tags ?? ""}`}
          className="rounded-md border border-stone-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-kura-700 focus:outline-none focus:ring-2 focus:ring-kura-100 sm:w-56"
        />
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-kura-800 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-kura-900 disabled:opacity-60"
        >
          {pending ? m.paste.submitting : m.paste.submit}
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
