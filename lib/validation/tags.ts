import { z } from "@/lib/validation/zod";
import { v } from "./messages";

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
      .min(1, v("tagEmpty"))
      .max(MAX_TAG_LENGTH, v("tagTooLong"))
      .refine((s) => !/[,#<>"'`]/.test(s), v("tagCharacters")),
  );

/**
 * Tags typed in one box, separated by commas (or spaces); duplicates collapse case-insensitively.
 * An empty entry between commas ("docker,,iptables") is refused rather than silently dropped.
 */
export const tagListSchema = z
  .string()
  .max(2000, v("tagsTextTooLong"))
  .default("")
  .transform((raw, ctx) => {
    const segments = raw.split(/[,\u3001\uff0c]/).map((s) => s.trim());
    if (segments.length > 1 && segments.slice(0, -1).some((s) => s === "")) {
      ctx.addIssue({ code: "custom", message: v("tagEmpty") });
      return z.NEVER;
    }
    return segments.flatMap((s) => s.split(/\s+/)).filter((s) => s.length > 0);
  })
  .pipe(z.array(tagNameSchema).max(MAX_TAGS_PER_LINK, v("tagsTooMany")))
  .transform((names) => {
    const seen = new Set<string>();
    return names.filter((n) => {
      const key = tagKey(n);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  });
