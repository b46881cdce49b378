"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useTransition } from "react";
import { LOCALES, localeNames } from "@/lib/i18n/catalogues";
import { chooseLocaleAction } from "@/app/_actions/preferences";

/**
 * The header's language menu: the choice is a cookie (it sticks across reloads and beats Accept-Language) and, for a
 * signed-in user, kept on the account so it follows them to other browsers.
 */
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
          const form = new FormData();
          form.set("locale", event.target.value);
          startTransition(async () => {
            await chooseLocaleAction(form);
            router.refresh();
          });
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
