"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { saveSharedLinkAction } from "@/app/_actions/entries";
import type { FormState } from "@/app/_actions/safe-action";

/** Saves the shared link as soon as it is shown, then says what happened; a bookmarklet popup closes itself. */
export function SaveConfirmation({ url, title }: { url: string; title?: string }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(saveSharedLinkAction, {});
  const form = useRef<HTMLFormElement>(null);
  const submitted = useRef(false);

  useEffect(() => {
    if (submitted.current) return;
    submitted.current = true;
    form.current?.requestSubmit();
  }, []);

  useEffect(() => {
    // Only a window the bookmarklet opened closes itself; a share-sheet visit or a typed URL stays.
    if (state.ok && window.opener) {
      const timer = window.setTimeout(() => window.close(), 2500);
      return () => window.clearTimeout(timer);
    }
  }, [state.ok]);

  const error = state.errors ? Object.values(state.errors)[0] : undefined;
  return (
    <form ref={form} action={action} className="flex flex-col gap-3">
      <input type="hidden" name="url" value={url} />
      <p className="text-sm break-all text-stone-700" data-testid="save-url">
        {title ? <span className="block font-medium break-words text-stone-900">{title}</span> : null}
        {url}
      </p>
      {state.ok ? (
        <>
          <p role="status" className="text-sm font-medium text-green-800" data-testid="save-result">
            {state.values?.created === "1" ? t("save.saved") : t("save.exists")}
          </p>
          <div className="flex gap-2 text-sm">
            <Link
              href={`/links/${state.values?.linkId}`}
              target={typeof window !== "undefined" && window.opener ? "_blank" : undefined}
              className="text-kura-900 underline"
            >
              {t("save.open")}
            </Link>
          </div>
        </>
      ) : error ? (
        <>
          <p role="alert" className="text-sm break-words text-red-800">
            {t("save.failed")} {error}
          </p>
          <button type="submit" className="self-start rounded bg-kura-900 px-3 py-1 text-sm text-white">
            {t("save.retry")}
          </button>
        </>
      ) : (
        <p role="status" className="text-sm text-stone-600" aria-busy={pending}>
          {t("save.saving")}
        </p>
      )}
    </form>
  );
}
