"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { createShareLink, revokeShareLinks } from "@/lib/library/shares";
import { entryIdFormSchema } from "@/lib/validation/forms";
import { formAction, stateAction } from "./safe-action";

/** The answer for an entry that is gone, in the requester's language. */
async function notFound() {
  return { errors: { form: (await getTranslations())("errors.notFound") } };
}

export const createShareAction = stateAction(
  { access: "editor", fields: ["linkId"], schema: entryIdFormSchema, invalid: notFound },
  async ({ linkId }, { user }) => {
    const token = await createShareLink(linkId, user.id);
    if (!token) return notFound();
    revalidatePath(`/links/${linkId}`);
    return { ok: true, values: { path: `/s/${token}` } };
  },
);

export const revokeShareAction = formAction({ access: "editor", fields: ["linkId"], schema: entryIdFormSchema }, async ({ linkId }) => {
  await revokeShareLinks(linkId);
  revalidatePath(`/links/${linkId}`);
});
