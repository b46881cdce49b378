// next-intl without i18n routing: no /zh URL prefixes. The locale is the signed-in user's saved choice, else the
// switcher's cookie, else the browser's Accept-Language; times are shown in the viewer's time zone once the browser has told us (a cookie), UTC until then.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentUser } from "@/lib/accounts/current-user";
import { savedLocale } from "@/lib/accounts/locale";
import { catalogues, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, TIME_ZONE_COOKIE, validTimeZone } from "@/lib/i18n/catalogues";

export default getRequestConfig(async () => {
  const [jar, head] = await Promise.all([cookies(), headers()]);
  const user = await currentUser();
  const saved = user ? savedLocale(user) : null;
  const chosen = jar.get(LOCALE_COOKIE)?.value;
  const locale = saved ?? (isLocale(chosen) ? chosen : localeFromAcceptLanguage(head.get("accept-language")));
  return { locale, messages: catalogues[locale], timeZone: validTimeZone(jar.get(TIME_ZONE_COOKIE)?.value) };
});
