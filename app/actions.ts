"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { fieldErrors, linkIdSchema, pasteSchema, setTagsSchema } from "@/lib/validation/forms";
import { addLinks, deleteLink, recaptureLink, setLinkTags } from "@/lib/links/links";
import { requireUser } from "@/lib/auth/current";

export type FormState = { errors?: Record<string, string>; values?: Record<string, string>; ok?: boolean };

export async function addLinkAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUser("editor");
  const values = { url: String(form.get("url") ?? ""), tags: String(form.get("tags") ?? "") };
  const parsed = pasteSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const results = await addLinks(parsed.data);
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
  const found = await setLinkTags(parsed.data.linkId, parsed.data.tags);
  if (!found) return { errors: { form: "This entry no longer exists." }, values };
  revalidatePath(`/links/${parsed.data.linkId}`);
  return { ok: true, values: { ...values, tags: parsed.data.tags.join(", ") } };
}

export async function recaptureAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await recaptureLink(id.data);
  revalidatePath(`/links/${id.data}`);
  redirect(`/links/${id.data}`);
}

export async function deleteAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await deleteLink(id.data);
  revalidatePath("/");
  redirect("/");
}
