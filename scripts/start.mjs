#!/usr/bin/env node
// `npm start`: set everything up that is missing, then serve the production app.
import path from "node:path";
import { spawn } from "node:child_process";
import { setup } from "./setup.mjs";

try {
  setup();
} catch (error) {
  console.error(`\x1b[31m[kura] Setup failed:\x1b[0m ${error.message}`);
  process.exit(1);
}

const port = process.env.PORT || "3000";
console.log(`\x1b[36m[kura]\x1b[0m Serving on http://localhost:${port}`);
const next = spawn(path.resolve("node_modules/.bin/next"), ["start", "-p", port], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => next.kill(signal));
next.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
