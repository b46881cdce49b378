import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { Suspense } from "react";
import "./globals.css";
import { PasteForm } from "@/app/_components/paste-form";
import { PasteToggle } from "@/app/_components/paste-toggle";
import { KeyboardShortcuts } from "@/app/_components/keyboard-shortcuts";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { clientMessages, htmlLang, isLocale, TIME_ZONE_COOKIE } from "@/lib/i18n/catalogues";
import { cookies, headers } from "next/headers";
import { NONCE_HEADER } from "@/lib/security/app-csp";
import { LocaleSwitcher } from "@/app/_components/locale-switcher";
import { NavMore } from "@/app/_components/nav-more";
import { ThemeSwitcher } from "@/app/_components/theme-switcher";
import { isTheme, SYSTEM_THEME_SCRIPT, THEME_COOKIE } from "@/app/_components/theme";
import { currentUser } from "@/lib/accounts/current-user";
import { hasRole, isRole } from "@/lib/accounts/roles";
import { logoutAction } from "@/app/_actions/accounts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return {
    title: { default: "Kura", template: "%s · Kura" },
    description: t("tagline"),
    // Installable (and a share target on phones): app/manifest.ts names /save as where shared pages go.
    manifest: "/manifest.webmanifest",
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: "/icons/apple-touch-icon.png",
    },
  };
}

const NAV = [
  { href: "/", label: "app.nav.library" },
  { href: "/tags", label: "app.nav.tags" },
  { href: "/commands", label: "app.nav.commands" },
  { href: "/errors", label: "app.nav.errors" },
  { href: "/stats", label: "app.nav.stats", more: true },
  { href: "/settings", label: "settings.nav", more: true },
] as const;

export const viewport: Viewport = { themeColor: "#2c2314" };

// Tells the server the viewer's time zone (times are shown in UTC until it is known); reloads nothing.
const TIME_ZONE_SCRIPT = `try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf("${TIME_ZONE_COOKIE}="+encodeURIComponent(z))<0)document.cookie="${TIME_ZONE_COOKIE}="+encodeURIComponent(z)+"; path=/; max-age=31536000; samesite=lax"}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [t, locale, messages, user, jar, request] = await Promise.all([getTranslations(), getLocale(), getMessages(), currentUser(), cookies(), headers()]);
  // proxy.ts draws it for this request; the page's policy runs no inline script without it.
  const nonce = request.get(NONCE_HEADER) ?? undefined;
  const chosen = jar.get(THEME_COOKIE)?.value;
  const theme = isTheme(chosen) ? chosen : "system";
  const explicit = theme === "system" ? {} : { "data-theme": theme, "data-theme-choice": theme };
  const brand = (
    <>
      <span className="text-2xl font-bold tracking-tight">{t("app.name")}</span>
      <span lang="ja" className="text-lg text-kura-700">
        {t("app.nameNative")}
      </span>
    </>
  );
  return (
    // suppressHydrationWarning: the system-theme script sets data-theme on <html> before React hydrates.
    <html lang={isLocale(locale) ? htmlLang[locale] : "en"} {...explicit} suppressHydrationWarning>
      <body className="min-h-screen bg-kura-50 text-stone-900 antialiased">
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SYSTEM_THEME_SCRIPT }} />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TIME_ZONE_SCRIPT }} />
        {/* Only what client components translate: the whole catalogue would ride in every page's flight data. */}
        <NextIntlClientProvider messages={clientMessages(messages)}>
          {/* The first tab stop: past the header's links and the paste box straight to the page's own content. */}
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-kura-900 focus:shadow"
          >
            {t("app.skipToContent")}
          </a>
          <header className="border-b border-kura-100 bg-white">
            {/* Phones: brand and controls on top, the nav below (its last links in a "More" menu), the paste box
                behind a button. From lg up: brand, nav and controls on one line, the paste box the whole width below
                (beside them it squeezed the row past the screen's edge at 1024 px, and in English and Japanese at
                1280 px). `order` places them without repeating any of them. */}
            <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 lg:gap-x-6 lg:gap-y-3 lg:py-3">
              {/* Signed out (a share link's visitor, the sign-in page) the header offers no way into the library:
                  every link there would only lead to the sign-in page. */}
              {user ? (
                <Link href="/" className="order-1 mr-auto flex items-baseline gap-2 text-kura-900 lg:mr-0">
                  {brand}
                </Link>
              ) : (
                <span className="order-1 mr-auto flex items-baseline gap-2 text-kura-900 lg:mr-0">{brand}</span>
              )}
              {user && (
                <nav
                  className="order-3 flex w-full flex-wrap items-center gap-x-4 text-sm font-medium text-stone-600 lg:order-2 lg:w-auto lg:shrink-0 lg:flex-nowrap"
                  aria-label={t("app.nav.label")}
                >
                  {NAV.map((item) => (
                    <Link key={item.href} href={item.href} className={`py-1 whitespace-nowrap hover:text-kura-900 ${"more" in item ? "hidden lg:inline" : ""}`}>
                      {t(item.label)}
                    </Link>
                  ))}
                  <NavMore label={t("app.nav.more")}>
                    {NAV.filter((item) => "more" in item).map(({ href, label }) => (
                      <Link key={href} href={href} className="px-3 py-1.5 whitespace-nowrap hover:bg-kura-50 hover:text-kura-900">
                        {t(label)}
                      </Link>
                    ))}
                  </NavMore>
                </nav>
              )}
              {user && hasRole(user.role, "editor") && (
                <Suspense>
                  <PasteToggle>
                    <PasteForm />
                  </PasteToggle>
                </Suspense>
              )}
              <div className="order-2 flex items-center gap-2 lg:order-3 lg:ml-auto">
                <ThemeSwitcher initial={theme} />
                <LocaleSwitcher />
                {user && (
                  <form action={logoutAction} className="flex items-center gap-2 text-xs text-stone-500">
                    <span data-testid="signed-in-as" className="hidden 2xl:inline">
                      {t("auth.signedInAs", { email: user.email, role: isRole(user.role) ? t(`settings.roles.${user.role}`) : user.role })}
                    </span>
                    <button type="submit" title={user.email} className="min-h-6 rounded border border-stone-300 px-2 py-1 whitespace-nowrap hover:bg-stone-50">
                      {t("auth.signOut")}
                    </button>
                  </form>
                )}
              </div>
            </div>
          </header>
          {user && <KeyboardShortcuts />}
          <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 outline-none">
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
