"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useSearchParams } from "next/navigation";

/** Asked for by the keyboard shortcut `a` (app/_components/keyboard-shortcuts.tsx): open the box and focus it. */
export const OPEN_PASTE_EVENT = "kura:open-paste";

/**
 * The paste box behind a button on phones (it took a quarter of the screen there); always open on wider screens (`lg`).
 * A bookmarklet arrival (?paste=…) opens it, since the link waits there for Enter.
 */
export function PasteToggle({ children }: { children: React.ReactNode }) {
  const t = useTranslations("paste");
  const pasted = useSearchParams().has("paste");
  const [open, setOpen] = useState(pasted);
  // Bumped by each request to open: focus follows once React has shown the box (a hidden textarea takes no focus).
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    const openAndFocus = () => {
      setOpen(true);
      setAsked((n) => n + 1);
    };
    window.addEventListener(OPEN_PASTE_EVENT, openAndFocus);
    return () => window.removeEventListener(OPEN_PASTE_EVENT, openAndFocus);
  }, []);
  useEffect(() => {
    if (asked > 0) document.querySelector<HTMLTextAreaElement>('#paste-panel textarea[name="url"]')?.focus();
  }, [asked]);
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="paste-panel"
        data-testid="paste-toggle"
        onClick={() => (open ? setOpen(false) : window.dispatchEvent(new Event(OPEN_PASTE_EVENT)))}
        className="order-2 min-h-8 rounded-md bg-kura-800 px-3 py-1 text-sm font-semibold text-white lg:hidden"
      >
        {open ? t("close") : t("open")}
      </button>
      <div id="paste-panel" className={`${open ? "block" : "hidden"} order-4 w-full lg:block`}>
        {children}
      </div>
    </>
  );
}
