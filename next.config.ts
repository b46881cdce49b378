import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and browser-driving modules stay outside the server bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "playwright-core", "sharp", "pdfjs-dist"],
  poweredByHeader: false,
  experimental: {
    serverActions: { bodySizeLimit: "256kb" },
  },
};

export default nextConfig;
