#!/usr/bin/env node
// `npm test`: set up what is missing (no seeding of the default data folder), then unit tests, then end-to-end
// tests against the built app in real Chromium. Both suites always run; the exit code reports either failing.
import path from "node:path";
import { spawnSync } from "node:child_process";
import { setup } from "./setup.mjs";

try {
  setup({ seedDatabase: false });
} catch (error) {
  console.error(`\x1b[31m[kura] Setup failed:\x1b[0m ${error.message}`);
  process.exit(1);
}

const bin = (name) => path.resolve("node_modules/.bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const suites = [
  ["unit (vitest)", bin("vitest"), ["run"]],
  ["end-to-end (playwright)", bin("playwright"), ["test"]],
];
const failed = [];
for (const [name, command, args] of suites) {
  console.log(`\n\x1b[36m[kura]\x1b[0m Running ${name} tests…`);
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`\n[kura] Failing suites: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\n[kura] All test suites passed.");
