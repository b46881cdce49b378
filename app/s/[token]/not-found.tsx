import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { StatusPage } from "@/app/_components/status-page";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("pages.shareGone"))("title"), robots: { index: false, follow: false } };
}

/**
 * A public link that was revoked or never existed. Its visitor is anonymous: the page says so in their language and
 * offers no way into the library or to the sign-in page (this is all a share link ever opens).
 */
export default async function ShareGone() {
  const t = await getTranslations("pages.shareGone");
  return <StatusPage title={t("title")} body={t("body")} testId="share-gone" />;
}
