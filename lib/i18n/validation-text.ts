import type { z } from "zod";
import { issueValues } from "@/lib/validation/messages";

// Refused input in the reader's language. Schemas (lib/validation) carry catalogue keys as messages and the limit
// values in the issue; this turns an issue into the sentence. A message that is not a key (Zod's own, or one not yet
// moved to the catalogue) is shown as it is rather than lost.

export type Translate = (key: string, values?: Record<string, string | number>) => string;

const PREFIX = "validation.";

/** The sentence for one issue; a refusal on a numbered line of a paste is prefixed with its line. */
export function issueText(issue: z.core.$ZodIssue, translate: Translate): string {
  if (!issue.message.startsWith(PREFIX)) return issue.message;
  const given = issueValues(issue);
  const text = translate(issue.message, given);
  return typeof given.line === "number" ? translate(`${PREFIX}onLine`, { line: given.line, problem: text }) : text;
}
