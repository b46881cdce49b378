import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { databaseUrl, dataDir } from "./lib/config/paths";

// The schema's datasource reads DATABASE_URL; setting it here makes every CLI call resolve it,
// which keeps Prisma 6.19 on its bundled WebAssembly engines (nothing to download).
process.env.DATABASE_URL ??= databaseUrl();
// SQLite creates the file but not its folder.
fs.mkdirSync(dataDir(), { recursive: true });

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL! });
  },
});
