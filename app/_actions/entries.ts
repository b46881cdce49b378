"use server";

import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "@/lib/validation/zod";
import { addEntries, addEntry, deleteEntry, setEntryTags } from "@/lib/library/entries";
import { webUrlSchema } from "@/lib/validation/url";
import { entryIdFormSchema, pasteSchema, setTagsSchema } from "@/lib/validation/forms";
import { formAction, stateAction } from "./safe-action";

export const addEntryAction = stateAction({ access: "editor", echo: { url: "", tags: "" }, schema: pasteSchema }, async (input) => {
  const results = await addEntries(input);
  revalidatePath("/");
  const [only] = results;
  if (results.length === 1 && only && !only.created) redirect(`/links/${only.linkId}?notice=exists`);
  redirect(`/?${results.map((r) => `added=${r.linkId}`).join("&")}`);
});

export const setTagsAction = stateAction({ access: "editor", echo: { linkId: "", tags: "" }, schema: setTagsSchema }, async (input, { values }) => {
  const found = await setEntryTags(input.linkId, input.tags);
  if (!found) return { errors: { form: (await getTranslations("actions"))("entryGone") }, values };
  revalidatePath(`/links/${input.linkId}`);
  return { ok: true, values: { ...values, tags: input.tags.join(", ") } };
});

export const deleteEntryAction = formAction({ access: "editor", fields: ["linkId"], schema: entryIdFormSchema }, async ({ linkId }) => {
  await deleteEntry(linkId);
  revalidatePath("/");
  redirect("/");
});

/** The bookmarklet's and share sheet's save: like a paste of one link, but it answers instead of redirecting. */
export const saveSharedLinkAction = stateAction({ access: "editor", echo: { url: "" }, schema: z.object({ url: webUrlSchema }) }, async ({ url }) => {
  const { linkId, created } = await addEntry({ url, tags: [] });
  revalidatePath("/");
  return { ok: true, values: { url, linkId: String(linkId), created: created ? "1" : "0" } };
});
