import { z } from "@/lib/validation/zod";
import { v, type ValidationKey } from "./messages";
import { linkIdSchema } from "./forms";
import { tagListSchema, tagNameSchema } from "./tags";

// The organising forms' input: an entry's star, state, note and own title/description; tag edits; bulk actions.

export const MAX_NOTE_LENGTH = 20_000;
export const MAX_CUSTOM_TITLE = 300;
export const MAX_CUSTOM_DESCRIPTION = 2_000;
export const MAX_BULK = 1_000;

const stateSchema = z.enum(["unread", "read", "archived"], { message: v("stateRequired") });
const onOff = z.enum(["1", "0"]).transform((v) => v === "1");

/** Empty text clears the field (null): the captured value shows again. */
const optionalText = (max: number, tooLong: ValidationKey) =>
  z
    .string()
    .max(max, v(tooLong))
    .transform((s) => (s.trim() === "" ? null : s.trim()));

export const favouriteFormSchema = z.object({ linkId: linkIdSchema, favourite: onOff });
export const stateFormSchema = z.object({ linkId: linkIdSchema, state: stateSchema });
export const noteFormSchema = z.object({ linkId: linkIdSchema, note: optionalText(MAX_NOTE_LENGTH, "noteTooLong") });
export const customTextFormSchema = z.object({
  linkId: linkIdSchema,
  customTitle: optionalText(MAX_CUSTOM_TITLE, "customTitleTooLong"),
  customDescription: optionalText(MAX_CUSTOM_DESCRIPTION, "customDescriptionTooLong"),
});

export const tagRenameFormSchema = z.object({ key: z.string().min(1).max(200), name: tagNameSchema });
export const tagKeyFormSchema = z.object({ key: z.string().min(1).max(200) });
export const tagColorFormSchema = z.object({
  key: z.string().min(1).max(200),
  color: z
    .string()
    .regex(/^(#[0-9a-fA-F]{6})?$/, v("colorInvalid"))
    .transform((c) => (c === "" ? null : c.toLowerCase())),
});

/** The ids a bulk action acts on, sent as one comma-separated field. */
export const linkIdListSchema = z
  .string()
  .max(20_000)
  .transform((s) => [...new Set(s.split(",").filter((x) => x.trim() !== ""))])
  .pipe(z.array(z.coerce.number<string>().int().positive()).min(1, v("selectionRequired")).max(MAX_BULK, v("selectionTooLarge")));

export const BULK_OPS = ["addTags", "removeTags", "favourite", "unfavourite", "state", "recapture", "delete"] as const;
export type BulkOp = (typeof BULK_OPS)[number];

/** "Not the same write-up": keeps `otherId` from being shown as a version of `linkId` (and the other way round). */
export const splitWriteUpFormSchema = z.object({ linkId: linkIdSchema, otherId: linkIdSchema });

/** The most entries one "same write-up" mark may take at once (every pair gets a row). */
export const MAX_JOIN = 12;

export const bulkFormSchema = z.discriminatedUnion("op", [
  z.object({ op: z.enum(["addTags", "removeTags"]), ids: linkIdListSchema, tags: tagListSchema.pipe(z.array(z.string()).min(1, v("tagsRequired"))) }),
  z.object({ op: z.enum(["favourite", "unfavourite", "recapture", "delete"]), ids: linkIdListSchema }),
  z.object({ op: z.literal("state"), ids: linkIdListSchema, state: stateSchema }),
  // Marks the selection as one write-up (translations, mirrors); every pair gets a row, so a dozen at most.
  z.object({
    op: z.literal("sameWriteUp"),
    ids: linkIdListSchema.pipe(z.array(z.number()).min(2, v("sameWriteUpTooFew")).max(MAX_JOIN, v("sameWriteUpTooMany"))),
  }),
]);
export type BulkInput = z.output<typeof bulkFormSchema>;
