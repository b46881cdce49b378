import { db } from "@/lib/db/client";
import { isLocale, type Locale } from "@/lib/i18n/catalogues";

// A signed-in user's interface language follows them to every browser: it is kept on the account, and the
// request's locale reads it before the cookie and Accept-Language (i18n/request.ts).

/** The language the user chose, or null when they never did (or the stored value is no longer a locale). */
export function savedLocale(user: { locale: string | null }): Locale | null {
  return isLocale(user.locale) ? user.locale : null;
}

export async function saveLocale(userId: number, locale: Locale): Promise<void> {
  await db().user.updateMany({ where: { id: userId }, data: { locale } });
}
