#!/usr/bin/env node
// `npm start`: set everything up that is missing, then serve the production app.
import { serveApp } from "./serve-app.mjs";
import { setup } from "./setup.mjs";

try {
  setup();
} catch (error) {
  console.error(`\x1b[31m[kura] Setup failed:\x1b[0m ${error.message}`);
  process.exit(1);
}

const port = process.env.PORT || "3000";
console.log(`\x1b[36m[kura]\x1b[0m Serving on http://localhost:${port}`);
serveApp({ port, env: process.env, log: (line) => console.log(`\x1b[36m[kura]\x1b[0m ${line}`) });
