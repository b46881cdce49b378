import { Parser } from "htmlparser2";
import { ENTRY_STATE } from "@/lib/db/vocabulary";
import { cleanTags, cleanText, splitTags, unixTime } from "./fields";
import type { ImportItem, ParsedRows } from "./types";

// Pocket's ril_export.html: an <h1> per list ("Unread", "Read Archive") and a <li><a> per saved page, with
// time_added (seconds) and comma-separated tags as attributes.

export function parsePocketHtml(html: string): ParsedRows {
  const items: ImportItem[] = [];
  let archived = false;
  let heading: string | null = null;
  let anchor: { item: ImportItem; text: string } | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === "h1") heading = "";
        else if (name === "a" && attributes.href !== undefined) {
          const item: ImportItem = {
            url: attributes.href.trim(),
            tags: cleanTags(splitTags(attributes.tags)),
            addedAt: unixTime(attributes.time_added),
            state: archived ? ENTRY_STATE.archived : ENTRY_STATE.unread,
          };
          anchor = { item, text: "" };
        }
      },
      ontext(text) {
        if (anchor) anchor.text += text;
        else if (heading !== null) heading += text;
      },
      onclosetag(name) {
        if (name === "h1" && heading !== null) {
          archived = /archive/i.test(heading);
          heading = null;
        } else if (name === "a" && anchor) {
          const title = cleanText(anchor.text);
          if (title) anchor.item.title = title;
          items.push(anchor.item);
          anchor = null;
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return { items, rejects: [] };
}
