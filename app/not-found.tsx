import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/lib/accounts/current-user";
import { StatusPage, statusPageLink } from "@/app/_components/status-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages.notFound"))("title") };
}

/**
 * Any address the app does not know and every notFound() without a page of its own (an unknown entry, a bad id), in
 * the reader's language. The way back to the library is offered to a signed-in reader only: signed out, it would
 * only lead to the sign-in page.
 */
export default async function NotFound() {
  const [t, user] = await Promise.all([getTranslations("pages.notFound"), currentUser()]);
  return (
    <StatusPage title={t("title")} body={t("body")} testId="not-found">
      {user && (
        <Link href="/" className={statusPageLink}>
          {t("back")}
        </Link>
      )}
    </StatusPage>
  );
}
