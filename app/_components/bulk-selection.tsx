"use client";

import { useActionState, useCallback, useRef, useState, type MouseEvent, type ReactNode } from "react";
import { useTranslations } from "next-intl";
import { bulkAction } from "../_actions/organise";
import type { FormState } from "../_actions/safe-action";
import { TAG_DATALIST_ID } from "./tag-datalist";

const PICK = "input[data-bulk-pick]";

/**
 * The library's selection: a checkbox per card (click, shift-click for a range), "select all N matching", and the
 * bar of bulk actions. The cards stay server-rendered; this reads their checkboxes from the DOM.
 */
export function BulkSelection({ children, total, search }: { children: ReactNode; total: number; search: string }) {
  const t = useTranslations("organise");
  const box = useRef<HTMLDivElement>(null);
  const last = useRef<number | null>(null);
  const [ids, setIds] = useState<string[]>([]);
  const [all, setAll] = useState(false);

  const boxes = () => [...(box.current?.querySelectorAll<HTMLInputElement>(PICK) ?? [])];
  const refresh = useCallback(
    () =>
      setIds(
        boxes()
          .filter((b) => b.checked)
          .map((b) => b.value),
      ),
    [],
  );

  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (!(target instanceof HTMLInputElement) || !target.matches(PICK)) return;
    const list = boxes();
    const at = list.indexOf(target);
    if (event.shiftKey && last.current !== null && last.current !== at) {
      const [from, to] = [Math.min(last.current, at), Math.max(last.current, at)];
      for (const b of list.slice(from, to + 1)) b.checked = target.checked;
    }
    last.current = at;
    setAll(false);
    refresh();
  };

  const clear = useCallback(() => {
    for (const b of boxes()) b.checked = false;
    last.current = null;
    setAll(false);
    refresh();
  }, [refresh]);

  // After an action the listing is re-rendered: start from an empty selection.
  const [state, action, pending] = useActionState<FormState, FormData>(async (previous, form) => {
    const result = await bulkAction(previous, form);
    if (result.ok) clear();
    return result;
  }, {});

  const count = all ? total : ids.length;
  const summary = state.ok && state.values ? t(`summary.${state.values.op as "delete"}`, { count: Number(state.values.count) }) : null;

  return (
    <div ref={box} onClick={onClick} className="flex flex-col gap-3">
      {(count > 0 || summary || state.errors) && (
        <div className="sticky top-0 z-10 flex flex-col gap-2 rounded-lg border border-kura-200 bg-kura-50 p-3 text-sm" data-testid="bulk-bar">
          {summary && (
            <p role="status" data-testid="bulk-summary" className="text-emerald-800">
              {summary}
            </p>
          )}
          {state.errors && (
            <p role="alert" className="text-red-700">
              {Object.values(state.errors)[0]}
            </p>
          )}
          {count > 0 && (
            <form
              action={action}
              className="flex flex-col gap-2"
              onSubmit={(event) => {
                const op = event.nativeEvent.submitter?.getAttribute("value");
                if (op === "delete" && !window.confirm(t("deleteConfirm", { count }))) event.preventDefault();
              }}
            >
              <input type="hidden" name="ids" value={ids.join(",")} />
              <input type="hidden" name="all" value={all ? "1" : ""} />
              <input type="hidden" name="search" value={search} />
              <div className="flex flex-wrap items-center gap-3">
                <span data-testid="bulk-count" className="font-medium">
                  {all ? t("allMatchingSelected", { count: total }) : t("selected", { count })}
                </span>
                {!all && total > ids.length && (
                  <button type="button" onClick={() => setAll(true)} className="text-kura-700 underline" data-testid="select-all-matching">
                    {t("selectAllMatching", { count: total })}
                  </button>
                )}
                <button type="button" onClick={clear} className="text-stone-600 underline">
                  {t("clearSelection")}
                </button>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <input
                  name="tags"
                  list={TAG_DATALIST_ID}
                  aria-label={t("bulkTags")}
                  placeholder={t("bulkTags")}
                  data-testid="bulk-tags"
                  className="w-48 rounded-md border border-stone-300 bg-white px-2 py-1"
                />
                <BulkButton op="addTags" label={t("addTags")} pending={pending} />
                <BulkButton op="removeTags" label={t("removeTags")} pending={pending} />
                <BulkButton op="favourite" label={t("bulkFavourite")} pending={pending} />
                <BulkButton op="unfavourite" label={t("bulkUnfavourite")} pending={pending} />
                <select name="state" aria-label={t("bulkState")} className="rounded-md border border-stone-300 bg-white px-2 py-1" defaultValue="read">
                  <option value="unread">{t("states.unread")}</option>
                  <option value="read">{t("states.read")}</option>
                  <option value="archived">{t("states.archived")}</option>
                </select>
                <BulkButton op="state" label={t("bulkState")} pending={pending} />
                <BulkButton op="recapture" label={t("bulkRecapture")} pending={pending} />
                <BulkButton op="sameWriteUp" label={t("bulkSameWriteUp")} pending={pending} />
                <BulkButton op="delete" label={t("bulkDelete")} pending={pending} danger />
              </div>
            </form>
          )}
        </div>
      )}
      {children}
    </div>
  );
}

function BulkButton({ op, label, pending, danger = false }: { op: string; label: string; pending: boolean; danger?: boolean }) {
  return (
    <button
      type="submit"
      name="op"
      value={op}
      disabled={pending}
      data-testid={`bulk-${op}`}
      className={`rounded-md border px-2 py-1 ${danger ? "border-red-300 text-red-700 hover:bg-red-50" : "border-kura-700 text-kura-800 hover:bg-white"}`}
    >
      {label}
    </button>
  );
}
