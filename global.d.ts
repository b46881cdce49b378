import type en from "./lib/i18n/messages/en.json";
import type { Locale } from "./lib/i18n/catalogues";

// Every key a component asks for is checked against the English catalogue when the code is compiled (the other
// languages are held to the English keys by lib/i18n/catalogues.test.ts): a key missing everywhere fails `tsc`.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
