import type { z } from "zod";
import type { Catalogue } from "@/lib/i18n/catalogues";

// A schema's message is a catalogue key ("validation.urlScheme"), not English text: one schema serves every
// language, and the words are chosen where the message is shown (lib/i18n/validation-text.ts), in the reader's locale.

export type ValidationKey = keyof Catalogue["validation"];
export type IssueValues = Record<string, string | number>;

/** The message of a refused value: a key of the `validation` catalogue section. */
export function v(key: ValidationKey): string {
  return `validation.${key}`;
}

/**
 * The values a message's placeholders take: what a custom issue carries in `params`, and a size limit's
 * `minimum`/`maximum` (so "at most {maximum} characters" follows the schema, never a copy of its number).
 */
export function issueValues(issue: z.core.$ZodIssue): IssueValues {
  const values: IssueValues = {};
  if (issue.code === "custom" && issue.params) {
    for (const [name, value] of Object.entries(issue.params)) if (typeof value === "string" || typeof value === "number") values[name] = value;
  }
  if ("maximum" in issue) values.maximum = Number(issue.maximum);
  if ("minimum" in issue) values.minimum = Number(issue.minimum);
  return values;
}

/** The same refusal raised again inside an enclosing schema (a URL inside a shared item, a line of a paste). */
export function reissue(issue: z.core.$ZodIssue, extra: IssueValues = {}) {
  return { code: "custom" as const, message: issue.message, params: { ...issueValues(issue), ...extra } };
}
