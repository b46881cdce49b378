"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormState } from "../_actions/safe-action";
import { createShareAction, revokeShareAction } from "../_actions/shares";

export function SharePanel({ linkId, shares }: { linkId: number; shares: number }) {
  const t = useTranslations();
  const [state, action, pending] = useActionState<FormState, FormData>(createShareAction, {});
  const url = state.values?.path ? `${window.location.origin}${state.values.path}` : null;
  return (
    <div id="share-panel" className="flex scroll-mt-4 flex-col gap-2 text-sm" data-testid="share-panel">
      <h2 className="text-xs font-semibold uppercase tracking-wide text-stone-500">{t("share.title")}</h2>
      <p className="text-stone-600">{t("share.intro")}</p>
      <form action={action}>
        <input type="hidden" name="linkId" value={linkId} />
        <button type="submit" disabled={pending} className="rounded-md border border-kura-700 px-3 py-1 font-medium text-kura-800 hover:bg-kura-50">
          {t("share.create")}
        </button>
      </form>
      {url && (
        <p>
          {t("share.created")}{" "}
          <a href={url} data-testid="share-url" className="break-all text-kura-700 underline">
            {url}
          </a>
        </p>
      )}
      {shares > 0 && (
        <div className="flex items-center justify-between">
          <span>{t("share.active", { count: shares })}</span>
          <form action={revokeShareAction}>
            <input type="hidden" name="linkId" value={linkId} />
            <button type="submit" className="min-h-6 rounded border border-stone-300 px-2 py-0.5 text-xs hover:bg-stone-50">
              {t("share.revoke")}
            </button>
          </form>
        </div>
      )}
    </div>
  );
}
