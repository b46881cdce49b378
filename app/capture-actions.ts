"use server";

import { revalidatePath } from "next/cache";
import { requireUser } from "@/lib/accounts/current-user";
import { cancelCapture, recaptureEntry } from "@/lib/library/entries";
import { setRecaptureSchedule } from "@/lib/library/schedule";
import { linkIdSchema, fieldErrors } from "@/lib/validation/forms";
import { scheduleFormSchema } from "@/lib/validation/schedule";
import { messages as m } from "@/lib/i18n/messages";
import type { FormState } from "./actions";

// Capture pipeline actions that keep the user on the page they are on (library or entry).

function revalidateEntry(linkId: number) {
  revalidatePath("/");
  revalidatePath(`/links/${linkId}`);
}

export async function cancelCaptureAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await cancelCapture({ linkId: id.data });
  revalidateEntry(id.data);
}

export async function retryCaptureAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const id = linkIdSchema.safeParse(form.get("linkId"));
  if (!id.success) return;
  await recaptureEntry(id.data);
  revalidateEntry(id.data);
}

export async function scheduleAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUser("editor");
  const values = { linkId: String(form.get("linkId") ?? ""), every: String(form.get("every") ?? ""), hours: String(form.get("hours") ?? "") };
  const parsed = scheduleFormSchema.safeParse(values);
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const saved = await setRecaptureSchedule(parsed.data.linkId, parsed.data.hours);
  if (!saved) return { errors: { form: m.schedule.notAllowed }, values };
  revalidatePath(`/links/${parsed.data.linkId}`);
  return { ok: true, values };
}
