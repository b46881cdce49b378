"use server";

import { cookies } from "next/headers";
import { z } from "@/lib/validation/zod";
import { currentUser } from "@/lib/accounts/current-user";
import { saveLocale } from "@/lib/accounts/locale";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/catalogues";
import { formAction } from "./safe-action";

const YEAR = 60 * 60 * 24 * 365;

/** The language switcher: a cookie for this browser, and the account's choice when someone is signed in. */
export const chooseLocaleAction = formAction({ access: "public", fields: ["locale"], schema: z.object({ locale: z.enum(LOCALES) }) }, async ({ locale }) => {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: YEAR, sameSite: "lax" });
  const user = await currentUser();
  if (user) await saveLocale(user.id, locale);
});
