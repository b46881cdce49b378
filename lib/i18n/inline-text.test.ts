import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogues, LOCALES } from "./catalogues";

// The server's own sentences come from the catalogue too: a form error a server action answers, or the text a route
// handler replies with, read in the reader's language. These files once held inline English; this keeps them out.
const ROOT = path.resolve(import.meta.dirname, "..", "..");
const FILES = ["app/_actions/organise.ts", "app/_actions/entries.ts", "app/archive/[snapshotId]/[file]/route.ts"];

/** A sentence in a string literal: a capital letter, words, a full stop (what an inline message looks like). */
const SENTENCE = /(["'`])[A-Z][a-z]+(?: [\w;,']+)+[.!?]\1/g;

describe("server messages", () => {
  it.each(FILES)("%s answers no inline English sentence", (file) => {
    const source = fs.readFileSync(path.join(ROOT, file), "utf8").replace(/^\s*(\/\/|\*|\/\*\*).*$/gm, "");
    expect(source.match(SENTENCE) ?? []).toEqual([]);
  });

  it.each(LOCALES)("the keys they use exist in %s", (locale) => {
    const catalogue = catalogues[locale] as unknown as Record<string, Record<string, string>>;
    for (const key of ["entryGone", "tagGone"]) expect(catalogue.actions?.[key], `actions.${key}`).toBeTruthy();
    for (const key of ["notFound", "signIn", "forbidden", "busy"]) expect(catalogue.archive?.[key], `archive.${key}`).toBeTruthy();
  });
});
