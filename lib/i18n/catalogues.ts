// The three catalogues and what a locale is. Every string the interface shows lives in messages/{en,zh,ja}.json.
import en from "./messages/en.json";
import ja from "./messages/ja.json";
import zh from "./messages/zh.json";

export const LOCALES = ["en", "zh", "ja"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** The cookies the locale and the viewer's time zone are remembered in. */
export const LOCALE_COOKIE = "kura_locale";
export const TIME_ZONE_COOKIE = "kura_tz";

export type Catalogue = typeof en;
export const catalogues: Record<Locale, Catalogue> = { en, zh, ja };

/** The value of <html lang> for each locale (Simplified Chinese as used in mainland China). */
export const htmlLang: Record<Locale, string> = { en: "en", zh: "zh-CN", ja: "ja" };

/** Each language named in itself, for the switcher. */
export const localeNames: Record<Locale, string> = { zh: "简体中文", en: "English", ja: "日本語" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The locale for a first visit, from an Accept-Language header: the first language we have, by the header's
 * q-weights (zh-*, ja-* and en-* all count as their language); English when none fits.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { base: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((entry) => entry.base && Number.isFinite(entry.q) && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLocale) ?? DEFAULT_LOCALE;
}

/** A time zone name the runtime knows, else UTC (the cookie is written by the browser and may be anything). */
export function validTimeZone(value: string | null | undefined): string {
  if (!value) return "UTC";
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return value;
  } catch {
    return "UTC";
  }
}

/**
 * The namespaces client components translate with. The root layout hands only these to NextIntlClientProvider:
 * every page's HTML carries the client's messages in its flight data, and the rest (Stats, diff, extracts, export…)
 * are only ever formatted on the server (about 7 KB of the 25 KB English catalogue). client-namespaces.test.ts
 * walks the client modules and fails when one uses a namespace missing here.
 */
export const CLIENT_NAMESPACES = [
  "app",
  "auth",
  "failure",
  "import",
  "library",
  "link",
  "live",
  "organise",
  "pages",
  "paste",
  "save",
  "schedule",
  "settings",
  "share",
  "shortcuts",
  "status",
  "validation",
] as const satisfies ReadonlyArray<keyof Catalogue>;

/** The part of a request's messages (next-intl's getMessages) that client components read. */
export function clientMessages<M extends Record<string, unknown>>(messages: M): Partial<M> {
  return Object.fromEntries(CLIENT_NAMESPACES.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]])) as Partial<M>;
}
