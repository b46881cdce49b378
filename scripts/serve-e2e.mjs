#!/usr/bin/env node
// The app as the end-to-end tests see it: a fresh data folder, migrated and seeded, served from the production
// build, with loopback allowlisted so captures can reach the tests' local page server.
import fs from "node:fs";
import path from "node:path";
import { serveApp } from "./serve-app.mjs";
import { run } from "./setup.mjs";

const dataDir = path.resolve(process.env.KURA_DATA_DIR ?? ".kura/e2e-data");
fs.rmSync(dataDir, { recursive: true, force: true });
const env = { ...process.env, KURA_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: "1" };
run(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { env, stdio: ["ignore", "ignore", "inherit"] });
run(path.resolve("node_modules/.bin/tsx"), ["prisma/seed.ts"], { env });
// The same two processes as `npm start`: the tests see captures run by the separate worker.
serveApp({ port: process.env.PORT ?? "3100", env, log: (line) => console.log(`[kura] ${line}`) });
