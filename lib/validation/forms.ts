import { z } from "@/lib/validation/zod";
import { issueText, type Translate } from "@/lib/i18n/validation-text";
import { reissue, v } from "./messages";
import { assumesHttps, webUrlSchema } from "./url";
import { tagListSchema } from "./tags";
import { fileTypeFilterSchema, siteFilterSchema, librarySortSchema, statusFilterSchema } from "./library-views";

export const MAX_URLS_PER_PASTE = 100;

/**
 * The paste box takes one link, or many (one per line). A batch is all-or-nothing: if any line is refused, the
 * errors name the lines and nothing is stored, so the text stays in the box to be fixed.
 */
const pastedUrlsSchema = z
  .string()
  .max(MAX_URLS_PER_PASTE * 2100, v("pasteTooLong"))
  .transform((text, ctx) => {
    const lines = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (lines.length > MAX_URLS_PER_PASTE) {
      ctx.addIssue({ code: "custom", message: v("pasteTooMany"), params: { maximum: MAX_URLS_PER_PASTE } });
      return z.NEVER;
    }
    const urls: string[] = [];
    const assumedHttps = new Set<string>();
    const spelledOut = new Set<string>();
    let refused = false;
    for (const [index, line] of (lines.length > 0 ? lines : [""]).entries()) {
      const parsed = webUrlSchema.safeParse(line);
      if (parsed.success) {
        urls.push(parsed.data);
        (assumesHttps(line) ? assumedHttps : spelledOut).add(parsed.data);
      } else {
        // One issue per refused line, numbered when there are several, so every line to fix is named.
        ctx.addIssue(reissue(parsed.error.issues[0]!, lines.length > 1 ? { line: index + 1 } : {}));
        refused = true;
      }
    }
    if (refused) return z.NEVER;
    // A URL also pasted with its scheme spelled out was not a guess.
    return { urls: [...new Set(urls)], assumedHttps: [...assumedHttps].filter((u) => !spelledOut.has(u)) };
  });

/** The paste box: its URLs, the ones whose https was assumed (see assumesHttps), and the tags for all of them. */
export const pasteSchema = z.object({ url: pastedUrlsSchema, tags: tagListSchema }).transform(({ url, tags }) => ({ ...url, tags }));

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
  sort: librarySortSchema,
  status: statusFilterSchema,
  type: fileTypeFilterSchema,
  site: siteFilterSchema,
});

/**
 * The messages per field, in the reader's language, for showing next to the form: a field's distinct messages
 * joined (a paste names each refused line), `form` for the input as a whole.
 */
export function fieldErrors(error: z.ZodError, translate: Translate): Record<string, string> {
  return messagesByField(error, translate, (issue) => String(issue.path[0] ?? "form"));
}

/** Issues grouped under a field name and turned into sentences; each distinct sentence once. */
export function messagesByField(error: z.ZodError, translate: Translate, field: (issue: z.core.$ZodIssue) => string): Record<string, string> {
  const grouped = new Map<string, string[]>();
  for (const issue of error.issues) {
    const key = field(issue);
    const text = issueText(issue, translate);
    const texts = grouped.get(key) ?? [];
    if (!texts.includes(text)) texts.push(text);
    grouped.set(key, texts);
  }
  return Object.fromEntries([...grouped].map(([key, texts]) => [key, texts.join(" ")]));
}
