import { z } from "zod";

// Zod compiles object parsers with `new Function` unless told not to, and probes for it first. The app pages' CSP
// has no 'unsafe-eval', so in the browser that probe is refused and reported as a violation (harmless, but noise that
// would hide a real one). Schemas read the setting when they are built, so every module that builds schemas for code
// the browser may load imports `z` from here, never from "zod" itself. The server keeps the faster compiled parsers.
z.config({ jitless: typeof window !== "undefined" });

export { z };
