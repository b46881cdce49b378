/**
 * The text a reader of the page can see or open, in reading order: what Readability leaves out (a TL;DR box, an
 * aside, a callout, a table beside the article, the inside of a closed <details>) is often where the fix is.
 * Runs in the page (no imports, no closures); skips what is never shown (script, style, template, display:none,
 * visibility:hidden, [hidden]) but keeps closed <details>, whose contents a click shows.
 */
export function readVisibleText(maxChars: number): string {
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "svg", "SVG", "CANVAS", "IFRAME", "OBJECT", "EMBED", "SELECT", "OPTION", "BUTTON"]);
  const BLOCK = new Set([
    "P",
    "DIV",
    "LI",
    "UL",
    "OL",
    "TR",
    "TABLE",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "PRE",
    "BLOCKQUOTE",
    "SECTION",
    "ARTICLE",
    "ASIDE",
    "HEADER",
    "FOOTER",
    "NAV",
    "MAIN",
    "DETAILS",
    "SUMMARY",
    "DD",
    "DT",
    "DL",
    "FIGURE",
    "FIGCAPTION",
    "BR",
    "HR",
    "FORM",
    "CAPTION",
  ]);
  const parts: string[] = [];
  let length = 0;
  const push = (s: string) => {
    if (length >= maxChars) return;
    parts.push(s);
    length += s.length;
  };
  const walk = (node: Node, insideClosedDetails: boolean) => {
    for (const child of Array.from(node.childNodes)) {
      if (length >= maxChars) return;
      if (child.nodeType === Node.TEXT_NODE) {
        push(child.nodeValue ?? "");
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const el = child as HTMLElement;
      if (SKIP.has(el.tagName)) continue;
      // Inside a closed <details> nothing is rendered, so styles say nothing: its markup decides.
      if (!insideClosedDetails) {
        if (el.hidden) continue;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden") continue;
      } else if (el.hidden) continue;
      const block = BLOCK.has(el.tagName) || el.tagName === "TD" || el.tagName === "TH";
      if (block) push("\n");
      if (el.tagName === "TD" || el.tagName === "TH") push(" ");
      walk(el, insideClosedDetails || (el.tagName === "DETAILS" && !(el as HTMLDetailsElement).open));
      if (block) push("\n");
    }
  };
  if (document.body) walk(document.body, false);
  return parts.join("").slice(0, maxChars);
}
