"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { followSystemTheme, THEME_COOKIE, THEMES, type Theme } from "./theme";

/** The header's theme menu: applies at once (no reload) and is remembered for a year. */
export function ThemeSwitcher({ initial }: { initial: Theme }) {
  const t = useTranslations("app.theme");
  const [theme, setTheme] = useState<Theme>(initial);
  // Normally the layout's inline script has set the theme before the first paint and this does nothing.
  useEffect(() => followSystemTheme(), []);
  return (
    <label className="flex items-center gap-1 text-xs text-stone-500">
      <span className="sr-only">{t("label")}</span>
      <select
        data-testid="theme-switcher"
        aria-label={t("label")}
        value={theme}
        className="rounded border border-stone-300 bg-white px-1 py-1 text-xs text-stone-700"
        onChange={(event) => {
          const next = event.target.value as Theme;
          setTheme(next);
          document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
          const root = document.documentElement;
          if (next === "system") {
            delete root.dataset.themeChoice;
            root.dataset.theme = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
          } else {
            root.dataset.themeChoice = next;
            root.dataset.theme = next;
          }
        }}
      >
        {THEMES.map((value) => (
          <option key={value} value={value}>
            {t(value)}
          </option>
        ))}
      </select>
    </label>
  );
}
