import { z } from "zod";

export const MAX_TAG_LENGTH = 40;
export const MAX_TAGS_PER_LINK = 20;

/** The case-insensitive identity of a tag: "Docker" and "docker" are one tag. */
export function tagKey(name: string): string {
  return name.normalize("NFKC").trim().toLocaleLowerCase("en-US");
}

export const tagNameSchema = z
  .string()
  .transform((s) => s.normalize("NFKC").trim().replace(/\s+/g, "-"))
  .pipe(
    z
      .string()
      .min(1, "Tag names cannot be empty.")
      .max(MAX_TAG_LENGTH, `Tag names are at most ${MAX_TAG_LENGTH} characters.`)
      .refine((s) => !/[,#<>"'`]/.test(s), "Tag names cannot contain , # < > quotes or backticks."),
  );

/**
 * Tags typed in one box, separated by commas (or spaces); duplicates collapse case-insensitively.
 * An empty entry between commas ("docker,,iptables") is refused rather than silently dropped.
 */
export const tagListSchema = z
  .string()
  .max(2000, "Too many tags.")
  .default("")
  .transform((raw, ctx) => {
    const segments = raw.split(/[,\u3001\uff0c]/).map((s) => s.trim());
    if (segments.length > 1 && segments.slice(0, -1).some((s) => s === "")) {
      ctx.addIssue({ code: "custom", message: "Tag names cannot be empty." });
      return z.NEVER;
    }
    return segments.flatMap((s) => s.split(/\s+/)).filter((s) => s.length > 0);
  })
  .pipe(z.array(tagNameSchema).max(MAX_TAGS_PER_LINK, `At most ${MAX_TAGS_PER_LINK} tags per link.`))
  .transform((names) => {
    const seen = new Set<string>();
    return names.filter((n) => {
      const key = tagKey(n);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
