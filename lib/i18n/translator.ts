import { createTranslator } from "next-intl";
import { catalogues, DEFAULT_LOCALE, isLocale } from "./catalogues";
import type { Translate } from "./validation-text";

// Kept apart from validation-text.ts so that modules the browser also loads (lib/validation) do not pull every
// catalogue into the client bundle.

/** A translator over one locale's catalogue, for code outside React (server actions, route handlers, tests). */
export function validationTranslator(locale: string): Translate {
  const known = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = createTranslator({ locale: known, messages: catalogues[known] });
  return (key, values) => t(key as never, values as never);
}
