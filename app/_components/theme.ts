// The colour theme: "system" follows prefers-color-scheme; "light" and "dark" are the viewer's choice, kept in a
// cookie so the server renders <html data-theme> with the first byte (no flash of the wrong theme).

export const THEME_COOKIE = "kura_theme";
export const THEMES = ["system", "light", "dark"] as const;
export type Theme = (typeof THEMES)[number];

export function isTheme(value: unknown): value is Theme {
  return typeof value === "string" && (THEMES as readonly string[]).includes(value);
}

/**
 * Runs before the first paint when the viewer chose nothing: takes the system's scheme, and follows it when it
 * changes. A choice made later (the switcher) sets data-theme-choice, and the system no longer decides.
 */
export const SYSTEM_THEME_SCRIPT = `(function(){var r=document.documentElement;if(r.dataset.themeChoice)return;var m=matchMedia("(prefers-color-scheme: dark)");var s=function(){if(!r.dataset.themeChoice)r.dataset.theme=m.matches?"dark":"light"};s();m.addEventListener("change",s)})()`;

/**
 * The same as SYSTEM_THEME_SCRIPT, for the client to run after hydration when that script did not: a page React
 * renders in the browser from its payload (a notFound() thrown while the entry page streams) gets the layout's
 * inline script as a DOM node, and a script inserted that way never runs. Returns the listener's removal.
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
