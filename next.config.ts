import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const nextConfig: NextConfig = {
  // Native and browser-driving modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "playwright-core", "sharp", "pdfjs-dist"],
  poweredByHeader: false,
  // App pages may not be framed by anyone and are never sniffed; their Content Security Policy (with a fresh nonce
  // per request) is set by proxy.ts. Archive files keep their own headers (sandbox CSP, nosniff; see
  // lib/library/snapshot-files.ts) because the app's viewer frames them.
  async headers() {
    return [
      {
        source: "/((?!archive/).*)",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
  experimental: {
    serverActions: { bodySizeLimit: "256kb" },
  },
};

// The locale, catalogue and time zone of each request come from i18n/request.ts.
export default createNextIntlPlugin("./i18n/request.ts")(nextConfig);
