import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { catalogues, LOCALES, localeFromAcceptLanguage, validTimeZone } from "./catalogues";

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as "a.b.c" → message. */
function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

/** The argument names a message uses, with their kind (plural, number, plain…), nested options included. */
function placeholders(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.argument) found.add(`${element.value}:arg`);
    if (element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) found.add(`${element.value}:${element.type}`);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      found.add(`${element.value}:${element.type === TYPE.plural ? "plural" : "select"}`);
      for (const option of Object.values(element.options)) placeholders(option.value, found);
    }
    if (element.type === TYPE.tag) placeholders(element.children, found);
  }
  return found;
}

const english = leaves(catalogues.en);

describe("catalogues", () => {
  it.each(LOCALES)("%s has exactly the English keys", (locale) => {
    const keys = [...leaves(catalogues[locale]).keys()];
    expect(
      keys.filter((k) => !english.has(k)),
      "extra keys",
    ).toEqual([]);
    expect(
      [...english.keys()].filter((k) => !keys.includes(k)),
      "missing keys",
    ).toEqual([]);
  });

  it.each(LOCALES)("every %s message parses as ICU and uses the English placeholders", (locale) => {
    for (const [key, message] of leaves(catalogues[locale])) {
      let ast: MessageFormatElement[];
      try {
        ast = parse(message);
      } catch (error) {
        throw new Error(`${locale} ${key} does not parse: ${String(error)}`);
      }
      const reference = placeholders(parse(english.get(key) ?? ""));
      expect([...placeholders(ast)].sort(), `${locale} ${key}`).toEqual([...reference].sort());
    }
  });

  it("zh and ja are translations, not copies of English", () => {
    for (const locale of ["zh", "ja"] as const) {
      const own = leaves(catalogues[locale]);
      const same = [...english].filter(([key, text]) => /[a-z]{4,}/i.test(text) && own.get(key) === text).map(([key]) => key);
      // Proper names and technical labels stay the same in every language.
      expect(
        same.filter((key) => !["app.name", "link.info.url", "link.info.sha256", "original.badge.pdf"].includes(key)),
        locale,
      ).toEqual([]);
    }
  });
});

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["zh-TW", "zh"],
    ["ja-JP", "ja"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR,ja;q=0.5", "ja"],
    ["de-DE", "en"],
    ["en;q=0.2,ja;q=0.8", "ja"],
    ["", "en"],
    [null, "en"],
  ])("%s → %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });
});

describe("validTimeZone", () => {
  it("keeps a real zone and replaces anything else with UTC", () => {
    expect(validTimeZone("Asia/Tokyo")).toBe("Asia/Tokyo");
    expect(validTimeZone("Mars/Olympus")).toBe("UTC");
    expect(validTimeZone(undefined)).toBe("UTC");
  });
});
