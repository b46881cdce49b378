import { z } from "@/lib/validation/zod";
import { v } from "./messages";

// The import endpoint's inputs and answer (POST /api/v1/import). A file comes as the raw body or a multipart "file"
// field from scripts, or base64 inside JSON from the web app: a cookie-carried write must be JSON (the CSRF guard in
// lib/security/cookie-write.ts), and that is how the Settings page sends it.

export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;

const captureFlag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "on", "off"])])
  .transform((value) => value === true || value === "true" || value === "1" || value === "on");

export const importQuerySchema = z.object({
  capture: captureFlag.default(true).meta({ description: "Queue a capture of every new link (default true); false only records the bookmarks." }),
});

export const importJsonBodySchema = z
  .object({
    file: z
      .base64(v("importFileRequired"))
      .min(1, v("importFileRequired"))
      .max(Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 4, v("importFileTooLarge"))
      .meta({ description: "The export file's bytes, base64-encoded." }),
    capture: captureFlag.optional(),
  })
  .strict()
  .transform(({ file, capture }) => ({ bytes: new Uint8Array(Buffer.from(file, "base64")), capture: capture ?? true }));

export const importResultSchema = z.object({
  format: z
    .enum(["netscape", "pocket-html", "pocket-csv", "linkwarden", "karakeep", "omnivore", "wallabag", "url-list"])
    .meta({ description: "How the file was read." }),
  imported: z.number().int().meta({ description: "New entries created." }),
  duplicates: z.number().int().meta({ description: "Rows whose link was already in the library or earlier in the file (their tags were merged)." }),
  failed: z.array(
    z.object({
      item: z.string().meta({ description: "The refused row's URL (or its title when it has none)." }),
      reason: z.string().meta({ description: "Why, in English." }),
      reasonKey: z.string().meta({ description: "The reason as a message key, for clients that word it in another language." }),
      reasonValues: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  ),
});
export type ImportResult = z.output<typeof importResultSchema>;
