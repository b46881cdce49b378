"use client";

import { deleteEntryAction } from "../_actions/entries";
import { messages as m } from "@/lib/i18n/messages";

export function DeleteButton({ linkId }: { linkId: number }) {
  return (
    <form
      action={deleteEntryAction}
      onSubmit={(event) => {
        if (!window.confirm(m.link.deleteConfirm)) event.preventDefault();
      }}
    >
      <input type="hidden" name="linkId" value={linkId} />
      <button type="submit" className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50">
        {m.link.delete}
      </button>
    </form>
  );
}
