import { Parser } from "htmlparser2";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, splitTags, unixTime } from "./fields";
import type { ImportItem, ParsedRows } from "./types";

// The Netscape bookmark file (every browser's export, linkding, Pinboard …). Its markup is famously unclosed
// (<DT> and <p> never end), so it is read as a stream of tags with htmlparser2 rather than as a tree: <H3> names the
// folder the next <DL> opens, </DL> leaves it, <A> is a bookmark and a <DD> right after it is its description.

type Folder = { name: string | null };

const NOTE = /\[linkding-notes\]([\s\S]*?)\[\/linkding-notes\]/;
/** Notes longer than this are cut (the note editor's own limit is far below). */
const MAX_NOTE = 100_000;

/** Folders a browser makes by itself ("Bookmarks Toolbar", "Other Bookmarks") hold everything: they are not a subject. */
function isBrowserRoot(attributes: Record<string, string>): boolean {
  return attributes.personal_toolbar_folder === "true" || attributes.unfiled_bookmarks_folder === "true";
}

export function parseNetscape(html: string): ParsedRows {
  const items: ImportItem[] = [];
  const folders: Folder[] = [];
  let pendingFolder: Folder | null = null;
  let heading: { text: string; root: boolean } | null = null;
  let anchor: { item: ImportItem; text: string } | null = null;
  let description: { item: ImportItem; text: string } | null = null;
  // The bookmark a following <DD> describes; anything else in between (a folder, a list) ends that chance.
  let lastItem: ImportItem | null = null;

  const endDescription = () => {
    if (description) {
      // A note travels in the <DD> as [linkding-notes]…[/linkding-notes] (linkding's and Kura's exports), its
      // line breaks kept: it is Markdown.
      const wrapped = NOTE.exec(description.text);
      const note = wrapped?.[1]?.trim();
      if (note) description.item.note = note.slice(0, MAX_NOTE);
      const text = cleanText(wrapped ? description.text.replace(wrapped[0], " ") : description.text);
      if (text) description.item.description = text;
      description = null;
    }
  };

  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "dt" || name === "dl" || name === "h3" || name === "hr") endDescription();
        if (name === "h3") {
          lastItem = null;
          heading = { text: "", root: isBrowserRoot(attributes) };
        } else if (name === "dl") {
          lastItem = null;
          folders.push(pendingFolder ?? { name: null });
          pendingFolder = null;
        } else if (name === "a" && attributes.href !== undefined) {
          const toRead = attributes.toread;
          // Kura's own export says the state and the star outright (KURA_STATE, KURA_FAVOURITE); TOREAD is the rest's.
          const kuraState = Object.values(ENTRY_STATE).find((s) => s === attributes.kura_state);
          const item: ImportItem = {
            url: attributes.href.trim(),
            tags: [],
            addedAt: unixTime(attributes.add_date),
            ...(kuraState ? { state: kuraState } : toRead === "1" ? { state: ENTRY_STATE.unread } : toRead === "0" ? { state: ENTRY_STATE.read } : {}),
            ...(attributes.kura_favourite === "1" ? { favourite: true } : {}),
          };
          item.tags = cleanTags([...folders.flatMap((f) => (f.name ? [f.name] : [])), ...splitTags(attributes.tags)]);
          anchor = { item, text: "" };
        } else if (name === "dd" && lastItem) {
          description = { item: lastItem, text: "" };
        }
      },
      ontext(text) {
        if (anchor) anchor.text += text;
        else if (heading) heading.text += text;
        else if (description) description.text += text;
      },
      onclosetag(name) {
        if (name === "a" && anchor) {
          const title = cleanText(anchor.text);
          if (title) anchor.item.title = title;
          items.push(anchor.item);
          lastItem = anchor.item;
          anchor = null;
        } else if (name === "h3" && heading) {
          pendingFolder = { name: heading.root ? null : (cleanText(heading.text) ?? null) };
          heading = null;
        } else if (name === "dl") {
          endDescription();
          lastItem = null;
          folders.pop();
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  endDescription();
  return { items, rejects: [] };
}
