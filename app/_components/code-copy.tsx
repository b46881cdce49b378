"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

export type CopyLabels = { copy: string; copied: string; failed: string };

/** Puts text on the clipboard; over plain http on a LAN address (no Clipboard API) through a hidden selection. */
async function copyText(text: string): Promise<boolean> {
  if (navigator.clipboard && window.isSecureContext) {
    // Refused (permissions, focus): the selection way below may still work.
    const written = await navigator.clipboard.writeText(text).then(
      () => true,
      () => false,
    );
    if (written) return true;
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

const BUTTON_CLASS =
  "absolute right-2 top-2 min-h-6 rounded border border-stone-500 bg-stone-800 px-2 py-1 font-sans text-xs text-stone-100 opacity-90 hover:bg-stone-700 focus-visible:opacity-100";

/** A code block's copy button (React-rendered code: the seeded write-ups' blocks). */
export function CopyButton({ text, labels }: { text: string; labels: CopyLabels }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      data-testid="copy-code"
      className={BUTTON_CLASS}
      onClick={async () => {
        setState((await copyText(text)) ? "copied" : "failed");
        setTimeout(() => setState("idle"), 2000);
      }}
    >
      <span aria-live="polite">{state === "copied" ? labels.copied : state === "failed" ? labels.failed : labels.copy}</span>
    </button>
  );
}

/**
 * Copy buttons on the code blocks of markup React does not own (the sanitized reader article): each <pre> is put in
 * a positioned box with its button, and made focusable so a keyboard can scroll a wide block.
 */
export function CodeCopyEnhancer({ labels, children }: { labels: CopyLabels; children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    for (const pre of el.querySelectorAll<HTMLPreElement>("pre:not([data-copy-ready])")) {
      pre.dataset.copyReady = "1";
      if (!pre.hasAttribute("tabindex")) pre.tabIndex = 0;
      const box = document.createElement("div");
      box.className = "relative";
      pre.replaceWith(box);
      box.append(pre);
      const button = document.createElement("button");
      button.type = "button";
      button.className = BUTTON_CLASS;
      button.dataset.testid = "copy-code";
      button.textContent = labels.copy;
      button.setAttribute("aria-live", "polite");
      const copy = async () => {
        button.textContent = (await copyText(pre.innerText)) ? labels.copied : labels.failed;
        setTimeout(() => (button.textContent = labels.copy), 2000);
      };
      button.addEventListener("click", () => void copy());
      box.append(button);
    }
  }, [labels]);
  return <div ref={root}>{children}</div>;
}
