"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { StatusPage, statusPageLink } from "@/app/_components/status-page";

/**
 * A page that threw, inside the app's layout (header, language and theme stay): a sentence in the reader's language,
 * a retry and the way back to the library — except on a share link, whose anonymous visitor the library would
 * only send to the sign-in page. The details stay in the server's log (production hides them from the browser).
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("pages.error");
  const shared = usePathname().startsWith("/s/");
  useEffect(() => {
    // The browser's console gets the digest the server logged the error under.
    console.error(error);
  }, [error]);
  return (
    <StatusPage title={t("title")} body={t("body")} testId="error-page">
      <div className="flex flex-wrap items-center gap-4">
        <button type="button" onClick={reset} className="rounded-md bg-kura-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-kura-900">
          {t("retry")}
        </button>
        {!shared && (
          <Link href="/" className={statusPageLink}>
            {t("back")}
          </Link>
        )}
      </div>
    </StatusPage>
  );
}
