"use server";

import { getLocale, getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import { z } from "@/lib/validation/zod";
import {
  addTagsTo,
  deleteEntries,
  deleteTag,
  matchingIds,
  recaptureEntries,
  removeTagsFrom,
  renameTag,
  setCustomText,
  setEntryState,
  setFavourite,
  setNote,
  setTagColor,
} from "@/lib/library/organise";
import { LibrarySearch } from "@/lib/library/search";
import { joinWriteUps, splitWriteUps } from "@/lib/library/write-ups";
import { validationTranslator } from "@/lib/i18n/translator";
import { fieldErrors } from "@/lib/validation/forms";
import {
  bulkFormSchema,
  splitWriteUpFormSchema,
  customTextFormSchema,
  favouriteFormSchema,
  noteFormSchema,
  stateFormSchema,
  tagColorFormSchema,
  tagKeyFormSchema,
  tagRenameFormSchema,
} from "@/lib/validation/organise";
import { formAction, stateAction } from "./safe-action";

// The organising forms: one entry's star, state, note and own text; the Tags page; the library's bulk actions.

export const favouriteAction = formAction({ access: "editor", fields: ["linkId", "favourite"], schema: favouriteFormSchema }, async ({ linkId, favourite }) => {
  await setFavourite([linkId], favourite);
  revalidatePath("/", "layout");
});

export const entryStateAction = formAction({ access: "editor", fields: ["linkId", "state"], schema: stateFormSchema }, async ({ linkId, state }) => {
  await setEntryState([linkId], state);
  revalidatePath("/", "layout");
});

export const splitWriteUpAction = formAction(
  { access: "editor", fields: ["linkId", "otherId"], schema: splitWriteUpFormSchema },
  async ({ linkId, otherId }) => {
    await splitWriteUps(linkId, otherId);
    revalidatePath("/", "layout");
  },
);

export const noteAction = stateAction(
  { access: "editor", echo: { note: "" }, fields: ["linkId"], schema: noteFormSchema },
  async ({ linkId, note }, { values }) => {
    if (!(await setNote(linkId, note))) return { errors: { form: (await getTranslations("actions"))("entryGone") }, values };
    revalidatePath(`/links/${linkId}`);
    return { ok: true, values: { note: note ?? "" } };
  },
);

export const customTextAction = stateAction(
  { access: "editor", echo: { customTitle: "", customDescription: "" }, fields: ["linkId"], schema: customTextFormSchema },
  async ({ linkId, customTitle, customDescription }, { values }) => {
    if (!(await setCustomText(linkId, { customTitle, customDescription }))) {
      return { errors: { form: (await getTranslations("actions"))("entryGone") }, values };
    }
    revalidatePath("/", "layout");
    return { ok: true, values: { customTitle: customTitle ?? "", customDescription: customDescription ?? "" } };
  },
);

export const resetCustomTextAction = formAction(
  { access: "editor", fields: ["linkId"], schema: favouriteFormSchema.pick({ linkId: true }) },
  async ({ linkId }) => {
    await setCustomText(linkId, { customTitle: null, customDescription: null });
    revalidatePath("/", "layout");
  },
);

export const renameTagAction = stateAction(
  { access: "editor", echo: { name: "" }, fields: ["key"], schema: tagRenameFormSchema },
  async ({ key, name }, { values }) => {
    const result = await renameTag(key, name);
    if (!result.ok) return { errors: { form: (await getTranslations("actions"))("tagGone") }, values };
    revalidatePath("/", "layout");
    return { ok: true, values: { name, merged: result.merged ? "1" : "0" } };
  },
);

export const deleteTagAction = formAction({ access: "editor", fields: ["key"], schema: tagKeyFormSchema }, async ({ key }) => {
  await deleteTag(key);
  revalidatePath("/", "layout");
});

export const tagColorAction = formAction({ access: "editor", fields: ["key", "color"], schema: tagColorFormSchema }, async ({ key, color }) => {
  await setTagColor(key, color);
  revalidatePath("/", "layout");
});

const bulkRequestSchema = z.object({
  op: z.string().max(40),
  ids: z.string().max(20_000).default(""),
  all: z.literal("1").nullable().catch(null),
  search: z.string().max(2_000).nullable().catch(null),
  tags: z.string().max(2_000).default(""),
  state: z.string().max(40).default(""),
});

/**
 * One bulk action over the selected entries (`ids`), or over every entry matching the library's search when
 * `all` is 1 (`search` holds the listing's query string), up to MAX_BULK. Answers how many entries it changed.
 */
export const bulkAction = stateAction(
  { access: "editor", echo: { op: "", ids: "", tags: "", state: "" }, fields: ["all", "search"], schema: bulkRequestSchema },
  async (request) => {
    const ids = request.all ? (await matchingIds(LibrarySearch.from(new URLSearchParams(request.search ?? "")))).join(",") : request.ids;
    const parsed = bulkFormSchema.safeParse({ ...request, ids });
    if (!parsed.success) return { errors: { form: Object.values(fieldErrors(parsed.error, validationTranslator(await getLocale()))).join(" ") } };
    const input = parsed.data;
    let count = 0;
    switch (input.op) {
      case "addTags":
        count = await addTagsTo(input.ids, input.tags);
        break;
      case "removeTags":
        count = await removeTagsFrom(input.ids, input.tags);
        break;
      case "favourite":
      case "unfavourite":
        count = await setFavourite(input.ids, input.op === "favourite");
        break;
      case "state":
        count = await setEntryState(input.ids, input.state);
        break;
      case "recapture":
        count = await recaptureEntries(input.ids);
        break;
      case "delete":
        count = await deleteEntries(input.ids);
        break;
      case "sameWriteUp":
        count = await joinWriteUps(input.ids);
        break;
    }
    revalidatePath("/", "layout");
    return { ok: true, values: { op: input.op, count: String(count) } };
  },
);
