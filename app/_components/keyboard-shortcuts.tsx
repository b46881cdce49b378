"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { OPEN_PASTE_EVENT } from "./paste-toggle";
import { CARD, CARD_LINK, keepOneTabStopPerCard, moveWithinCard } from "./card-tab-stops";

const SHORTCUTS = [
  { keys: ["/"], label: "search" },
  { keys: ["a"], label: "paste" },
  { keys: ["j"], label: "next" },
  { keys: ["k"], label: "previous" },
  { keys: ["←", "→"], label: "card" },
  { keys: ["Enter"], label: "open" },
  { keys: ["x"], label: "select" },
  { keys: ["?"], label: "help" },
] as const;

/** Typing belongs to the field: no shortcut fires in a text input, textarea, select or editable text (a checkbox takes no text). */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest('input:not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable]:not([contenteditable=false])') !== null
  );
}

function cards(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(CARD)].filter((card) => card.getClientRects().length > 0);
}

/** Focus the card `step` away from the one holding focus (the first or last when none does). */
function moveFocus(step: 1 | -1) {
  const list = cards();
  if (list.length === 0) return;
  const current = list.findIndex((card) => card.contains(document.activeElement));
  const next = current < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, current + step));
  const link = list[next]!.querySelector<HTMLElement>(CARD_LINK);
  link?.focus();
  link?.scrollIntoView({ block: "nearest" });
}

/** The app's keyboard shortcuts (GitHub/Gmail style single keys); `?` lists them. */
export function KeyboardShortcuts() {
  const t = useTranslations("shortcuts");
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      if (dialog.current?.open) return;
      const focusedCard = document.activeElement?.closest<HTMLElement>(CARD) ?? null;
      switch (event.key) {
        case "/": {
          const search = document.querySelector<HTMLInputElement>('form[role="search"] input[name="q"]');
          if (!search) return;
          search.focus();
          search.select();
          break;
        }
        case "a":
          window.dispatchEvent(new Event(OPEN_PASTE_EVENT));
          break;
        case "j":
          moveFocus(1);
          break;
        case "k":
          moveFocus(-1);
          break;
        case "Enter": {
          // On the title link Enter already opens it; from anywhere else in the card it opens the card too.
          if (!focusedCard || (document.activeElement as HTMLElement).closest("a, button")) return;
          focusedCard.querySelector<HTMLElement>(CARD_LINK)?.click();
          break;
        }
        case "ArrowRight":
        case "ArrowLeft":
          if (!moveWithinCard(event.key === "ArrowRight" ? 1 : -1)) return;
          break;
        case "x": {
          const pick = focusedCard?.querySelector<HTMLInputElement>("input[data-bulk-pick]");
          if (!pick) return;
          // A click, not a property write: the selection bar listens for clicks on its checkboxes.
          pick.click();
          break;
        }
        case "?":
          dialog.current?.showModal();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener("keydown", onKeyDown);
    const main = document.getElementById("main");
    const stopTabStops = main ? keepOneTabStopPerCard(main) : undefined;
    // Says the shortcuts listen (a key pressed before hydration does nothing): the e2e tests wait for it.
    document.documentElement.dataset.shortcuts = "on";
    return () => {
      document.removeEventListener("keydown", onKeyDown);
      stopTabStops?.();
      delete document.documentElement.dataset.shortcuts;
    };
  }, []);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts-dialog"
      className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-lg border border-kura-100 bg-white p-5 text-stone-900 shadow-xl backdrop:bg-black/40"
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === dialog.current) dialog.current.close();
      }}
    >
      <h2 id="shortcuts-title" className="mb-3 text-lg font-bold text-kura-900">
        {t("title")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(({ keys, label }) => (
          <div key={label} className="contents">
            <dt className="flex gap-1">
              {keys.map((key) => (
                <kbd key={key} className="rounded border border-stone-300 bg-stone-50 px-1.5 py-0.5 text-xs">
                  {key}
                </kbd>
              ))}
            </dt>
            <dd className="text-stone-700">{t(`keys.${label}`)}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="mt-4 flex justify-end">
        <button type="submit" className="min-h-6 rounded-md border border-stone-300 px-3 py-1 text-sm hover:bg-stone-50">
          {t("close")}
        </button>
      </form>
    </dialog>
  );
}
