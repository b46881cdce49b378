#!/usr/bin/env node
// Brings a fresh checkout to a runnable state, doing only what is missing: dependencies, browser and CJK fonts,
// Prisma client, migrations, the seeded knowledge base and a production build. Node built-ins only: this runs
// before node_modules exists.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);

function log(message) {
  console.log(`\x1b[36m[kura]\x1b[0m ${message}`);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: root, ...options });
  if (result.status !== 0) {
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`\`${[command, ...args].join(" ")}\` failed (${reason})`);
  }
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Kura needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
  }
}

function installDependencies() {
  const lock = path.join(root, "package-lock.json");
  const installed = path.join(root, "node_modules", ".package-lock.json");
  const fresh = fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
  if (fresh) return;
  // Not `npm ci`: the registry these machines reach lacks some other platforms' optional native packages
  // (e.g. @tailwindcss/oxide-android-arm64), so the lockfile cannot list them and `npm ci` refuses it.
  // `npm install --no-save` installs exactly the locked versions and skips what is missing and optional.
  log("Installing dependencies (npm install from package-lock.json)…");
  run("npm", ["install", "--no-audit", "--no-fund", "--no-save"]);
}

function ensureSystemPackages({ forTests }) {
  // The browser and font checks live in TypeScript next to the capture engine; tsx exists once the dependencies are installed. The tests
  // also need a PostgreSQL server's programs (they start throw-away clusters); `npm start` does not.
  run(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/ensure-system.ts", ...(forTests ? ["--tests"] : [])]);
}

function prepareDatabase() {
  log("Preparing the database (prisma generate + migrate)…");
  const prisma = path.join(root, "node_modules", ".bin", "prisma");
  // The SQLite client's datasource must name a file: Prisma would otherwise download an engine for a server URL.
  const sqliteUrl = `file:${path.resolve(process.env.KURA_DATA_DIR?.trim() || "data", "kura.db")}`;
  const onPostgres = /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "");
  run(prisma, ["generate"], {
    stdio: ["inherit", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: onPostgres ? sqliteUrl : process.env.DATABASE_URL },
  });
  // The PostgreSQL client is generated too: the type check covers lib/db/postgres.ts whichever database is used.
  run(prisma, ["generate", "--config", "prisma/postgresql/prisma.config.ts"], { stdio: ["inherit", "ignore", "ignore"] });
  if (onPostgres) {
    // Kura's own runner (lib/db/postgres-migrate.ts): `prisma migrate deploy` cannot reach PostgreSQL offline through
    // the driver adapter.
    run(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/migrate-postgres.ts"]);
  } else {
    run(prisma, ["migrate", "deploy"], { stdio: ["inherit", "ignore", "inherit"] });
  }
}

function seed() {
  run(path.join(root, "node_modules", ".bin", "tsx"), ["prisma/seed.ts"]);
}

/** A fingerprint of everything the production build depends on, so an unchanged tree is not rebuilt. */
function sourceFingerprint() {
  const hash = crypto.createHash("sha256");
  const inputs = ["package-lock.json", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "instrumentation.ts"];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "generated" && entry.name !== "node_modules") walk(full);
      } else inputs.push(path.relative(root, full));
    }
  };
  ["app", "lib", "public", "prisma"].forEach((d) => walk(path.join(root, d)));
  for (const file of inputs) {
    if (!fs.existsSync(file)) continue;
    hash.update(file);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest("hex");
}

function build() {
  const stamp = path.join(root, ".next", "kura-build-stamp");
  const fingerprint = sourceFingerprint();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint && fs.existsSync(path.join(root, ".next", "BUILD_ID"))) {
    log("Production build is up to date.");
    return;
  }
  log("Building the app (next build)…");
  run(path.join(root, "node_modules", ".bin", "next"), ["build"], { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  fs.writeFileSync(stamp, fingerprint);
}

/** Every step, in order; `seed: false` leaves the database empty of write-ups (test servers seed their own). */
export function setup({ seedDatabase = true, buildApp = true, forTests = false } = {}) {
  checkNode();
  installDependencies();
  ensureSystemPackages({ forTests });
  prepareDatabase();
  if (seedDatabase) seed();
  if (buildApp) build();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    setup();
  } catch (error) {
    console.error(`\x1b[31m[kura] Setup failed:\x1b[0m ${error.message}`);
    process.exit(1);
  }
}
