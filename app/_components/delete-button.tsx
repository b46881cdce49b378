"use client";

import { useTranslations } from "next-intl";
import { deleteEntryAction } from "../_actions/entries";

export function DeleteButton({ linkId }: { linkId: number }) {
  const t = useTranslations();
  return (
    <form
      action={deleteEntryAction}
      onSubmit={(event) => {
        if (!window.confirm(t("link.deleteConfirm"))) event.preventDefault();
      }}
    >
      <input type="hidden" name="linkId" value={linkId} />
      <button type="submit" className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
        {t("link.delete")}
      </button>
    </form>
  );
}
