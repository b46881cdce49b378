"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { fieldErrors, linkIdSchema, pasteSchema, setTagsSchema } from "@/lib/validation/forms";
import { addEntries, deleteEntry, recaptureEntry, setEntryTags } from "@/lib/library/entries";
import { requireUser } from "@/lib/accounts/current-user";

export type FormState = { errors?: Record<string, string>; values?: Record<string, string>; ok?: boolean };

export async function addLinkAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUser("editor");
  const values = { url: String(form.get("url") ?? ""), tags: String(form.get("tags") ?? "") };
  const parsed = pasteSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const results = await addEntries(parsed.data);
  revalidatePath("/");
  const [only] = results;
  if (results.length === 1 && only && !only.created) redirect(`/links/${only.linkId}?notice=exists`);
  redirect(`/?${results.map((r) => `added=${r.linkId}`).join("&")}`);
}

export async function setTagsAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUser("editor");
  const values = { linkId: String(form.get("linkId") ?? ""), tags: String(form.get("tags") ?? "") };
  const parsed = setTagsSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const found = await setEntryTags(parsed.data.linkId, parsed.data.tags);
  if (!found) return { errors: { form: "This entry no longer exists." }, values };
  revalidatePath(`/links/${parsed.data.linkId}`);
  return { ok: true, values: { ...values, tags: parsed.data.tags.join(", ") } };
}

export async function recaptureAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await recaptureEntry(id.data);
  revalidatePath(`/links/${id.data}`);
  redirect(`/links/${id.data}`);
}

export async function deleteAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await deleteEntry(id.data);
  revalidatePath("/");
  redirect("/");
}
