import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL side of the CLI (`prisma … --config prisma/postgresql/prisma.config.ts`): its own generated schema
// and migrations. DATABASE_URL must name the server; a placeholder lets `generate` and `migrate diff --from-empty`
// run without one.
process.env.DATABASE_URL ??= "postgresql://kura@127.0.0.1:5432/kura";

export default defineConfig({
  schema: path.join(import.meta.dirname, "schema.prisma"),
  migrations: { path: path.join(import.meta.dirname, "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
