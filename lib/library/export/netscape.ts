import type { ExportEntry } from "./entries";

// The Netscape bookmark file every browser, linkding and Pocket read. Kura writes one flat list (no folders), with:
// - ADD_DATE / LAST_MODIFIED in seconds since 1970 (what browsers write);
// - TAGS="a,b" (tag names cannot hold a comma);
// - PRIVATE="1" (a Kura library is never public) and TOREAD="1" for unread entries;
// - KURA_STATE (unread | read | archived) and KURA_FAVOURITE="1": Kura's own attributes, ignored by other readers;
// - <DD>: the description, then the note wrapped as [linkding-notes]…[/linkding-notes], the convention linkding
//   writes and reads back, so a note survives a trip through linkding too.
// Every text is HTML-escaped: a title or note holding markup stays text.

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const seconds = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

export const NETSCAPE_HEADER = `<!DOCTYPE NETSCAPE-Bookmark-file-1>
<!-- This is an automatically generated file.
     It will be read and overwritten.
     DO NOT EDIT! -->
<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">
<TITLE>Bookmarks</TITLE>
<H1>Bookmarks</H1>
<DL><p>
`;

export const NETSCAPE_FOOTER = "</DL><p>\n";

export function netscapeEntry(entry: ExportEntry): string {
  const attributes = [
    `HREF="${escapeHtml(entry.url)}"`,
    `ADD_DATE="${seconds(entry.createdAt)}"`,
    `LAST_MODIFIED="${seconds(entry.updatedAt)}"`,
    `PRIVATE="1"`,
    `TOREAD="${entry.state === "unread" ? 1 : 0}"`,
    `TAGS="${escapeHtml(entry.tags.join(","))}"`,
    `KURA_STATE="${escapeHtml(entry.state)}"`,
    ...(entry.favourite ? [`KURA_FAVOURITE="1"`] : []),
  ];
  let out = `    <DT><A ${attributes.join(" ")}>${escapeHtml(entry.title)}</A>\n`;
  const note = entry.note?.trim() ? `[linkding-notes]${escapeHtml(entry.note)}[/linkding-notes]` : "";
  const description = entry.description ? escapeHtml(entry.description) : "";
  if (description || note) out += `    <DD>${description}${note}\n`;
  return out;
}

export async function* netscapeFile(entries: AsyncIterable<ExportEntry>): AsyncGenerator<string> {
  yield NETSCAPE_HEADER;
  for await (const entry of entries) yield netscapeEntry(entry);
  yield NETSCAPE_FOOTER;
}
