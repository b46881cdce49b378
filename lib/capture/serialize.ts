import type { Page } from "playwright-core";
import type { ResourceStore } from "./resource-store";

/**
 * Runs in the page: a copy of the rendered DOM with everything that could run code removed.
 * Scripts are gone for good — the snapshot is a still picture, and the archive must never execute page code.
 */
export function serializeCleanDom(): string {
  const doc = document.documentElement.cloneNode(true) as HTMLElement;
  // Current form state lives in properties, not attributes; copy it over before the clone is serialized.
  const liveFields = document.querySelectorAll("input, textarea, select");
  const clonedFields = doc.querySelectorAll("input, textarea, select");
  liveFields.forEach((live, i) => {
    const copy = clonedFields[i];
    if (!copy) return;
    if (live instanceof HTMLInputElement && copy instanceof HTMLInputElement) {
      if (live.type === "checkbox" || live.type === "radio") copy.toggleAttribute("checked", live.checked);
      else if (live.type !== "password" && live.type !== "file") copy.setAttribute("value", live.value);
    } else if (live instanceof HTMLTextAreaElement && copy instanceof HTMLTextAreaElement) {
      copy.textContent = live.value;
    } else if (live instanceof HTMLSelectElement && copy instanceof HTMLSelectElement) {
      Array.from(copy.options).forEach((o, j) => o.toggleAttribute("selected", live.options[j]?.selected ?? false));
    }
  });
  doc.querySelectorAll("script, noscript, template[shadowrootmode=closed], meta[http-equiv='refresh' i], base, link[rel~='preload' i], link[rel~='modulepreload' i], link[rel~='prefetch' i], link[rel~='manifest' i]").forEach((el) => el.remove());
  for (const el of Array.from(doc.querySelectorAll("*"))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith("on")) el.removeAttribute(attr.name);
      else if ((name === "href" || name === "src" || name === "action" || name === "formaction" || name === "xlink:href") && value.startsWith("javascript:")) {
        el.setAttribute(attr.name, "#");
      }
    }
  }
  const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : "<!DOCTYPE html>";
  return `${doctype}\n${doc.outerHTML}`;
}

function escapeComment(text: string): string {
  return text.replace(/--/g, "- -");
}

/** The stored snapshot: the cleaned DOM, stamped with where and when it was taken. */
export async function serializeSnapshot(page: Page, _store: ResourceStore, meta: { url: string; capturedAt: Date }): Promise<string> {
  const html = await page.evaluate(serializeCleanDom);
  const stamp = `<!-- Archived by Kura from ${escapeComment(meta.url)} at ${meta.capturedAt.toISOString()} -->`;
  return html.replace(/^(<!DOCTYPE[^>]*>)/i, `$1\n${stamp}`);
}
