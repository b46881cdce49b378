import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // Native and browser-driving modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "playwright-core", "sharp", "pdfjs-dist"],
  poweredByHeader: false,
  experimental: {
    serverActions: { bodySizeLimit: "256kb" },
  },
};

// The locale, catalogue and time zone of each request come from i18n/request.ts.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
