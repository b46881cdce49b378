"use server";

import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { cancelCapture, recaptureEntry } from "@/lib/library/entries";
import { setRecaptureSchedule } from "@/lib/library/schedule";
import { entryIdFormSchema } from "@/lib/validation/forms";
import { scheduleFormSchema } from "@/lib/validation/schedule";
import { formAction, stateAction } from "./safe-action";

// Capturing an entry again, now or on a schedule, and stopping a capture. Cancel and Retry keep the user on the
// page they are on (library or entry); "Capture again" on the entry page shows the entry with its new snapshot.

function revalidateEntry(linkId: number) {
  revalidatePath("/");
  revalidatePath(`/links/${linkId}`);
}

export const recaptureAction = formAction({ access: "editor", fields: ["linkId"], schema: entryIdFormSchema }, async ({ linkId }) => {
  await recaptureEntry(linkId);
  revalidatePath(`/links/${linkId}`);
  redirect(`/links/${linkId}`);
});

export const cancelCaptureAction = formAction({ access: "editor", fields: ["linkId"], schema: entryIdFormSchema }, async ({ linkId }) => {
  await cancelCapture({ linkId });
  revalidateEntry(linkId);
});

export const retryCaptureAction = formAction({ access: "editor", fields: ["linkId"], schema: entryIdFormSchema }, async ({ linkId }) => {
  await recaptureEntry(linkId);
  revalidateEntry(linkId);
});

export const scheduleAction = stateAction(
  { access: "editor", echo: { linkId: "", every: "", hours: "" }, schema: scheduleFormSchema },
  async ({ linkId, hours }, { values }) => {
    const saved = await setRecaptureSchedule(linkId, hours);
    if (!saved) return { errors: { form: (await getTranslations())("schedule.notAllowed") }, values };
    revalidatePath(`/links/${linkId}`);
    return { ok: true, values };
  },
);
