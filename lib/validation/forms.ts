import { z } from "zod";
import { webUrlSchema } from "./url";
import { tagListSchema } from "./tags";

export const addLinkSchema = z.object({
  url: webUrlSchema,
  tags: tagListSchema,
});

export const setTagsSchema = z.object({
  linkId: z.coerce.number().int().positive(),
  tags: tagListSchema,
});

export const linkIdSchema = z.coerce.number().int().positive();

export const libraryQuerySchema = z.object({
  tag: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().trim().min(1).max(80)).max(10)),
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** First message per field, for showing next to the form. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
