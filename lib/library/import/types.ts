import type { EntryState } from "@/lib/db/vocabulary";

// The one shape every import format is read into, so the importer knows nothing of Pocket, wallabag or browsers.

export type ImportFormat = "netscape" | "pocket-html" | "pocket-csv" | "linkwarden" | "karakeep" | "omnivore" | "wallabag" | "url-list";

/** One bookmark as a format gives it; `url` is still as written in the file (checked and normalised later). */
export type ImportItem = {
  url: string;
  title?: string;
  description?: string;
  note?: string;
  tags: string[];
  addedAt?: Date;
  favourite?: boolean;
  state?: EntryState;
};

/** Why a row was not taken: a catalogue key (the UI words it in the reader's language) and its values. */
export type RejectReason = { key: string; values?: Record<string, string | number> };

/** A row that was refused: what it was (its URL, else its title) and why. */
export type Reject = { item: string; reason: RejectReason };

export type ParsedRows = { items: ImportItem[]; rejects: Reject[] };

export const reason = (key: string, values?: Record<string, string | number>): RejectReason => ({ key, ...(values ? { values } : {}) });
