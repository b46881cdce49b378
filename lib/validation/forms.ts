import { z } from "zod";
import { webUrlSchema } from "./url";
import { tagListSchema } from "./tags";

export const MAX_URLS_PER_PASTE = 100;

/**
 * The paste box takes one link, or many (one per line). A batch is all-or-nothing: if any line is refused, the
 * errors name the lines and nothing is stored, so the text stays in the box to be fixed.
 */
const pastedUrlsSchema = z
  .string()
  .max(MAX_URLS_PER_PASTE * 2100, "That is too much text to paste at once.")
  .transform((text, ctx) => {
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (lines.length > MAX_URLS_PER_PASTE) {
      ctx.addIssue({ code: "custom", message: `Paste at most ${MAX_URLS_PER_PASTE} links at once.` });
      return z.NEVER;
    }
    const urls: string[] = [];
    const problems: string[] = [];
    for (const [index, line] of (lines.length > 0 ? lines : [""]).entries()) {
      const parsed = webUrlSchema.safeParse(line);
      if (parsed.success) urls.push(parsed.data);
      else problems.push((lines.length > 1 ? `Line ${index + 1}: ` : "") + parsed.error.issues[0]!.message);
    }
    if (problems.length > 0) {
      ctx.addIssue({ code: "custom", message: problems.join(" ") });
      return z.NEVER;
    }
    return [...new Set(urls)];
  });

export const pasteSchema = z.object({ url: pastedUrlsSchema, tags: tagListSchema }).transform(({ url, tags }) => ({ urls: url, tags }));

export const setTagsSchema = z.object({
  linkId: z.coerce.number().int().positive(),
  tags: tagListSchema,
});

export const linkIdSchema = z.coerce.number().int().positive();

/** A button that acts on one entry (its hidden `linkId`). */
export const entryIdFormSchema = z.object({ linkId: linkIdSchema });

export const libraryQuerySchema = z.object({
  tag: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    // Odd filters are ignored, never an error page: a tag over 80 characters cannot exist, and past 10 the rest are dropped.
    .transform((tags) =>
      tags
        .map((t) => t.trim())
        .filter((t) => t.length > 0 && t.length <= 80)
        .slice(0, 10),
    ),
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
