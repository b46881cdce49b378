"use client";

import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { deleteTagAction, renameTagAction, tagColorAction } from "@/app/_actions/organise";
import type { FormState } from "@/app/_actions/safe-action";

/** An editor's controls for one tag: rename (onto an existing name merges), colour, delete. */
export function TagManager({ tagKey, name, color }: { tagKey: string; name: string; color: string | null }) {
  const t = useTranslations("organise");
  const [state, rename, pending] = useActionState<FormState, FormData>(renameTagAction, {});
  return (
    <details className="text-sm" data-testid="tag-manage">
      <summary className="cursor-pointer text-xs text-kura-700">{t("actions", { tag: name })}</summary>
      <div className="mt-2 flex flex-col gap-2">
        <form action={rename} className="flex gap-1">
          <input type="hidden" name="key" value={tagKey} />
          <input
            name="name"
            defaultValue={state.values?.name ?? name}
            aria-label={t("renameTo", { tag: name })}
            data-testid="tag-rename-input"
            className="min-w-0 flex-1 rounded-md border border-stone-300 px-2 py-1"
          />
          <button type="submit" disabled={pending} data-testid="tag-rename" className="rounded-md border border-kura-700 px-2 py-1 text-kura-800">
            {t("rename")}
          </button>
        </form>
        {state.errors && (
          <p role="alert" className="text-red-700">
            {Object.values(state.errors)[0]}
          </p>
        )}
        <form action={tagColorAction} className="flex items-center gap-1">
          <input type="hidden" name="key" value={tagKey} />
          <input
            type="color"
            name="color"
            defaultValue={color ?? "#5b6b8c"}
            aria-label={t("color", { tag: name })}
            data-testid="tag-color-input"
            className="h-7 w-10"
          />
          <button type="submit" className="rounded-md border border-stone-300 px-2 py-1">
            {t("saveColor")}
          </button>
        </form>
        {color && (
          <form action={tagColorAction}>
            <input type="hidden" name="key" value={tagKey} />
            <input type="hidden" name="color" value="" />
            <button type="submit" className="text-xs text-stone-600 underline">
              {t("noColor")}
            </button>
          </form>
        )}
        <form
          action={deleteTagAction}
          onSubmit={(event) => {
            if (!window.confirm(t("deleteTagConfirm", { tag: name }))) event.preventDefault();
          }}
        >
          <input type="hidden" name="key" value={tagKey} />
          <button type="submit" data-testid="tag-delete" className="rounded-md border border-red-300 px-2 py-1 text-red-700">
            {t("deleteTag")}
          </button>
        </form>
      </div>
    </details>
  );
}
