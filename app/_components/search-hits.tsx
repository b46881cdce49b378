"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * Marks a search's hits in what it wraps (text nodes only, so the sanitized markup is left as it is) and scrolls the
 * first into view: the reader opened from a search result shows where the words are.
 */
export function SearchHits({ pattern, children }: { pattern: string | null; children: ReactNode }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = root.current;
    if (!el || !pattern) return;
    const re = new RegExp(pattern, "giu");
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue && n.parentElement?.tagName !== "MARK") nodes.push(n as Text);
    let first: HTMLElement | null = null;
    for (const node of nodes) {
      const text = (node.nodeValue ?? "").normalize("NFKC");
      if (text.length !== (node.nodeValue ?? "").length) continue;
      const matches = [...text.matchAll(re)];
      if (matches.length === 0) continue;
      const frag = document.createDocumentFragment();
      let at = 0;
      for (const m of matches) {
        frag.append(text.slice(at, m.index));
        const mark = document.createElement("mark");
        mark.dataset.testid = "search-hit";
        mark.textContent = m[0];
        first ??= mark;
        frag.append(mark);
        at = m.index + m[0].length;
      }
      frag.append(text.slice(at));
      node.replaceWith(frag);
    }
    first?.scrollIntoView({ block: "center" });
  }, [pattern]);
  return <div ref={root}>{children}</div>;
}
