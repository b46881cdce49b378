import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { Suspense } from "react";
import "./globals.css";
import { PasteForm } from "@/app/_components/paste-form";
import { t } from "@/lib/i18n/messages";
import { currentUser } from "@/lib/accounts/current-user";
import { hasRole } from "@/lib/accounts/roles";
import { logoutAction } from "@/app/_actions/accounts";

export const metadata: Metadata = {
  title: { default: "Kura", template: "%s · Kura" },
  description: t().app.tagline,
  // Installable (and a share target on phones): public/manifest.webmanifest names /save as where shared pages go.
  manifest: "/manifest.webmanifest",
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "48x48" },
      { url: "/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/icons/apple-touch-icon.png",
  },
};

export const viewport: Viewport = { themeColor: "#2c2314" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const m = t();
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen bg-kura-50 text-stone-900 antialiased">
        <header className="border-b border-kura-100 bg-white">
          <div className="mx-auto flex max-w-6xl flex-col gap-3 px-4 py-3 md:flex-row md:items-center md:gap-6">
            <div className="flex items-center gap-6">
              {/* Signed out (a share link's visitor, the sign-in page) the header offers no way into the library:
                  every link there would only lead to the sign-in page. */}
              {user ? (
                <Link href="/" className="flex items-baseline gap-2 text-kura-900">
                  <Brand name={m.app.name} native={m.app.nameNative} />
                </Link>
              ) : (
                <span className="flex items-baseline gap-2 text-kura-900">
                  <Brand name={m.app.name} native={m.app.nameNative} />
                </span>
              )}
              {user && (
                <nav className="flex gap-4 text-sm font-medium text-stone-600">
                  <Link href="/" className="hover:text-kura-900">
                    {m.app.nav.library}
                  </Link>
                  <Link href="/tags" className="hover:text-kura-900">
                    {m.app.nav.tags}
                  </Link>
                  <Link href="/settings" className="hover:text-kura-900">
                    {m.settings.nav}
                  </Link>
                </nav>
              )}
            </div>
            <div className="flex-1">
              {user && hasRole(user.role, "editor") && (
                <Suspense>
                  <PasteForm />
                </Suspense>
              )}
            </div>
            {user && (
              <form action={logoutAction} className="flex items-center gap-2 text-xs text-stone-500">
                <span data-testid="signed-in-as">{m.auth.signedInAs(user.email, user.role)}</span>
                <button type="submit" className="rounded border border-stone-300 px-2 py-1 hover:bg-stone-50">
                  {m.auth.signOut}
                </button>
              </form>
            )}
          </div>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}

function Brand({ name, native }: { name: string; native: string }) {
  return (
    <>
      <span className="text-2xl font-bold tracking-tight">{name}</span>
      <span lang="ja" className="text-lg text-kura-700">
        {native}
      </span>
    </>
  );
}
