import type { MetadataRoute } from "next";
import { getTranslations } from "next-intl/server";

// Installable, and a share target on phones: a page shared to Kura lands on /save. Served as /manifest.webmanifest,
// its description in the visitor's language.
export default async function manifest(): Promise<MetadataRoute.Manifest> {
  const t = await getTranslations("app");
  return {
    name: `${t("name")} ${t("nameNative")}`,
    short_name: t("name"),
    description: t("tagline"),
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#f6f5f1",
    theme_color: "#2c2314",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
    share_target: { action: "/save", method: "GET", params: { title: "title", text: "text", url: "url" } },
  };
}
