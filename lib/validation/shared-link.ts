import { z } from "@/lib/validation/zod";
import { reissue, v } from "./messages";
import { webUrlSchema } from "./url";

// What the bookmarklet and the phone's share sheet hand to /save. Browsers put the address in `url`; many Android
// apps share it inside `text` ("Look at this https://…") and leave `url` empty, so the first http(s) address found in
// `url`, then `text`, then `title` is the one to keep.

const HTTP_URL_IN_TEXT = /https?:\/\/[^\s<>"']+/i;

function firstAddress(values: Array<string | undefined>): string | undefined {
  for (const [index, value] of values.entries()) {
    const trimmed = value?.trim() ?? "";
    if (trimmed === "") continue;
    const found = trimmed.match(HTTP_URL_IN_TEXT)?.[0];
    if (found) return found.replace(/[).,;!?]+$/, "");
    // A bare `url` without a scheme ("example.com/a") is still meant as an address; inside free text it is not.
    if (index === 0) return trimmed;
  }
  return undefined;
}

const param = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v));

/** The shared page: its normalized address (or why there is none) and the title the sender saw, if any. */
export const sharedLinkSchema = z.object({ url: param, text: param, title: param }).transform(({ url, text, title }, ctx) => {
  const address = firstAddress([url, text, title]);
  const parsed = webUrlSchema.safeParse(address ?? "");
  if (!parsed.success) {
    ctx.addIssue(address ? reissue(parsed.error.issues[0]!) : { code: "custom", message: v("sharedNoAddress") });
    return z.NEVER;
  }
  const cleanTitle = title?.trim().slice(0, 300);
  return { url: parsed.data, title: cleanTitle && cleanTitle !== address ? cleanTitle : undefined };
});

export type SharedLink = z.output<typeof sharedLinkSchema>;
