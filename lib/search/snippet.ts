// A short, HTML-escaped passage around the first hit, every hit wrapped in <mark>. Cut in JavaScript from the
// stored text rather than with FTS5 snippet(): the index holds CJK bigrams, not the text as written.

/** How one query word shows in text: its pieces, which for a Latin word may be apart by separators (`a = 1`). */
export type Marker = { pieces: string[]; joined: boolean };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function markerPattern(markers: Marker[]): RegExp | null {
  const parts = markers.flatMap((m) => (m.joined ? [m.pieces.map(escapeRegex).join("[\\s\\p{P}\\p{S}]*")] : m.pieces.map(escapeRegex)));
  const usable = parts.filter(Boolean).sort((a, b) => b.length - a.length);
  return usable.length > 0 ? new RegExp(usable.join("|"), "giu") : null;
}

export function snippetFor(texts: (string | null | undefined)[], markers: Marker[], radius = 90): string | null {
  const pattern = markerPattern(markers);
  if (!pattern) return null;
  for (const raw of texts) {
    if (!raw) continue;
    const text = raw.normalize("NFKC");
    pattern.lastIndex = 0;
    const first = pattern.exec(text);
    if (!first) continue;
    const start = Math.max(0, first.index - radius);
    const end = Math.min(text.length, first.index + first[0].length + radius * 2);
    const passage = text.slice(start, end).replace(/\s+/g, " ");
    let out = "";
    pattern.lastIndex = 0; // matchAll starts where exec left off
    let at = 0;
    for (const m of passage.matchAll(pattern)) {
      out += escapeHtml(passage.slice(at, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
      at = m.index + m[0].length;
    }
    out += escapeHtml(passage.slice(at));
    return (start > 0 ? "…" : "") + out + (end < text.length ? "…" : "");
  }
  return null;
}
