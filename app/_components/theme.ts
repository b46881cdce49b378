// The colour theme: "system" follows prefers-color-scheme; "light" and "dark" are the viewer's choice, kept in a
// cookie so the server renders <html data-theme> with the first byte (no flash of the wrong theme).

export const THEME_COOKIE = "kura_theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

/**
 * Follows the system's light or dark setting until a choice is made: the layout runs it as an inline script before
 * the first paint (SYSTEM_THEME_SCRIPT), and the theme menu runs it again after hydration for a page React renders in
 * the browser from its payload (a notFound() thrown while the entry page streams), whose inline script is inserted as
 * a DOM node and so never runs. A choice made later (the switcher) sets data-theme-choice, and the system no longer
 * decides. Returns the listener's removal.
 */
export function followSystemTheme(): () => void {
  const root = document.documentElement;
  if (root.dataset.themeChoice || root.dataset.theme) return () => {};
  const media = matchMedia("(prefers-color-scheme: dark)");
  const apply = () => {
    if (!root.dataset.themeChoice) root.dataset.theme = media.matches ? "dark" : "light";
  };
  apply();
  media.addEventListener("change", apply);
  return () => media.removeEventListener("change", apply);
}

/** followSystemTheme as the layout's inline script: one definition for both. */
export const SYSTEM_THEME_SCRIPT = `(${followSystemTheme.toString()})()`;
