"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { LOCALE_COOKIE, LOCALES, localeNames } from "@/lib/i18n/catalogues";

const YEAR = 60 * 60 * 24 * 365;

/** The header's language menu: the choice is a cookie, so it sticks across reloads and beats Accept-Language. */
export function LocaleSwitcher() {
  const t = useTranslations("app");
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-1 text-xs text-stone-500">
      <span className="sr-only">{t("language")}</span>
      <select
        data-testid="locale-switcher"
        aria-label={t("language")}
        value={locale}
        disabled={pending}
        className="rounded border border-stone-300 bg-white px-1 py-1 text-xs text-stone-700"
        onChange={(event) => {
          document.cookie = `${LOCALE_COOKIE}=${event.target.value}; path=/; max-age=${YEAR}; samesite=lax`;
          startTransition(() => router.refresh());
        }}
      >
        {LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {localeNames[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
