import { z } from "@/lib/validation/zod";
import { v } from "./messages";
import type { Translate } from "@/lib/i18n/validation-text";
import { MAX_URLS_PER_PASTE, messagesByField } from "./forms";
import { MAX_TAGS_PER_LINK, tagKey, tagNameSchema } from "./tags";
import { webUrlSchema } from "./url";
import { SNAPSHOT_FILE_KINDS } from "./snapshot-file-kinds";
import { fileTypeFilterSchema, statusFilterSchema } from "./library-views";

// The REST API v1's inputs and outputs: route handlers validate with these schemas, and lib/validation/openapi.ts
// turns the very same schemas into the OpenAPI document, so the documentation cannot drift from the checks.

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 24;
export const MAX_API_BODY_BYTES = 64 * 1024;

export const API_ERROR_CODES = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "invalid_input",
  429: "too_many_requests",
} as const;
export type ApiErrorStatus = keyof typeof API_ERROR_CODES;

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(API_ERROR_CODES) as [string, ...string[]]),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().meta({ description: "First problem per input field, when the input was refused." }),
  }),
});

/** The messages per field (`form` for the body as a whole), as `fields` of a 422 answer, in the client's language. */
export function apiFieldErrors(error: z.ZodError, translate: Translate): Record<string, string> {
  return messagesByField(error, translate, (issue) => (issue.path.length > 0 ? issue.path.map(String).join(".") : "form"));
}

const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

export const entryPathSchema = z.object({ id: idParam.meta({ description: "The entry's id." }) });
export const tagPathSchema = z.object({ id: idParam.meta({ description: "The tag's id." }) });
export const snapshotFilePathSchema = z.object({
  id: idParam.meta({ description: "The snapshot's id." }),
  kind: z.enum(SNAPSHOT_FILE_KINDS).meta({ description: "Which file: the archived page, its screenshot, thumbnail, favicon, or the original (PDF, image)." }),
});

/** An opaque position in a listing: the offset of the next entry, base64url-encoded so clients do not build one. */
export const cursorSchema = z
  .string()
  .max(100)
  .transform((raw, ctx) => {
    const offset = decodeCursor(raw);
    if (offset === null) {
      ctx.addIssue({ code: "custom", message: v("cursorUnknown") });
      return z.NEVER;
    }
    return offset;
  });

export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString("base64url");
}

export function decodeCursor(raw: string): number | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
    const offset = z.object({ o: z.number().int().min(0).max(1_000_000) }).safeParse(value);
    return offset.success ? offset.data.o : null;
  } catch {
    return null;
  }
}

export const listEntriesQuerySchema = z.object({
  q: z.string().trim().max(500, v("searchTooLong")).optional().meta({
    description:
      'The search box\'s syntax: words, "exact phrase", -word, tag:x, -tag:x, site:x, lang:x, type:x, is:failed, before:YYYY-MM-DD, after:YYYY-MM-DD.',
  }),
  tag: z
    .array(z.string().trim().min(1, v("tagFilterEmpty")).max(80, v("tagFilterTooLong")))
    .max(10, v("tagFiltersTooMany"))
    .default([])
    .meta({ description: "Entries carrying every tag given (repeat the parameter: ?tag=a&tag=b)." }),
  limit: z.coerce
    .number({ error: "limit must be a number." })
    .int("limit must be a whole number.")
    .min(1, v("limitTooSmall"))
    .max(MAX_PAGE_LIMIT, v("limitTooLarge"))
    .default(DEFAULT_PAGE_LIMIT)
    .meta({ description: `Entries per page (1–${MAX_PAGE_LIMIT}).` }),
  cursor: cursorSchema.optional().meta({ description: "nextCursor from the previous page; absent for the first page." }),
});
export type ListEntriesQuery = z.output<typeof listEntriesQuerySchema>;

export const exportQuerySchema = z.object({
  format: z
    .enum(["netscape", "json"], { error: v("exportFormat") })
    .default("json")
    .meta({ description: "netscape: a bookmark file browsers and linkding import; json: every field, with each snapshot's files." }),
  q: listEntriesQuerySchema.shape.q.meta({
    description: "Export what this search lists (the search box's syntax). Without q and tag: the whole library, archived entries too.",
  }),
  tag: listEntriesQuerySchema.shape.tag,
  status: statusFilterSchema.meta({ description: "Only entries whose last capture is ready, failed or pending (as the library's status filter)." }),
  type: fileTypeFilterSchema.meta({ description: "Only entries whose last capture is of this kind (as the library's file-type filter)." }),
});
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** Reads a listing's query string: `tag` may repeat, everything else is single. */
export function listQueryInput(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = { tag: params.getAll("tag") };
  for (const key of ["q", "limit", "cursor", "format", "status", "type"]) {
    const value = params.get(key);
    if (value !== null) out[key] = value;
  }
  return out;
}

/** Tag names as a JSON array: each checked as the tag box checks one name, duplicates collapsing case-insensitively. */
const apiTagsSchema = z
  .array(tagNameSchema)
  .max(MAX_TAGS_PER_LINK, v("tagsTooMany"))
  .transform((names) => names.filter((name, i) => names.findIndex((other) => tagKey(other) === tagKey(name)) === i))
  .meta({ description: `Tag names (at most ${MAX_TAGS_PER_LINK}); "Docker" and "docker" are one tag.` });

export const addEntriesBodySchema = z
  .object({
    urls: z
      .array(webUrlSchema)
      .min(1, v("urlsRequired"))
      .max(MAX_URLS_PER_PASTE, v("urlsTooMany"))
      .meta({ description: "http(s) URLs; one already in the library is not duplicated (its tags are added)." }),
    tags: apiTagsSchema.optional(),
  })
  .strict()
  .transform(({ urls, tags }) => ({ urls: [...new Set(urls)], tags: tags ?? [] }))
  .meta({ description: "URLs to add, with tags for all of them." });

/**
 * An edit sends only what changes. Every field is optional and independent, so a new editable column is one more
 * line here and one in lib/library/api-entries.ts `editEntry`.
 */
export const editEntryBodySchema = z
  .object({
    title: z.string().trim().max(500, v("titleTooLong")).nullable().optional().meta({ description: "null clears it." }),
    description: z.string().trim().max(5000, v("descriptionTooLong")).nullable().optional().meta({ description: "null clears it." }),
    tags: apiTagsSchema.optional().meta({ description: "Replaces the entry's tags." }),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: v("nothingToChange") })
  .meta({ description: "Only the fields to change." });
export type EditEntryInput = z.output<typeof editEntryBodySchema>;

export const renameTagBodySchema = z.object({ name: tagNameSchema }).strict();

// Answers.

const snapshotStatus = z.enum(["queued", "capturing", "ready", "failed"]);

export const snapshotSchema = z.object({
  id: z.number().int(),
  status: snapshotStatus,
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  capturedAt: z.iso.datetime().nullable(),
  httpStatus: z.number().int().nullable(),
  contentType: z.string().nullable(),
  files: z.array(z.enum(SNAPSHOT_FILE_KINDS)).meta({ description: "Kinds that can be downloaded from /api/v1/snapshots/{id}/files/{kind}." }),
});

export const entrySchema = z.object({
  id: z.number().int(),
  url: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  siteName: z.string().nullable(),
  language: z.string().nullable(),
  tags: z.array(z.string()),
  status: snapshotStatus.nullable().meta({ description: "The latest snapshot's status." }),
  latestSnapshotId: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const entryListSchema = z.object({
  entries: z.array(entrySchema.extend({ snippet: z.string().nullable().meta({ description: "Highlighted passage (HTML, hits in <mark>)." }) })),
  total: z.number().int(),
  totalCapped: z.boolean().meta({ description: "True when there are more than `total` matches." }),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
});

export const entryOneSchema = z.object({ entry: entrySchema });

export const addEntriesResultSchema = z.object({ entries: z.array(z.object({ id: z.number().int(), url: z.string(), created: z.boolean() })) });

export const recaptureResultSchema = z.object({ snapshotId: z.number().int() });

export const snapshotListSchema = z.object({ snapshots: z.array(snapshotSchema) });

export const tagSchema = z.object({ id: z.number().int(), name: z.string(), key: z.string(), count: z.number().int() });
export const tagListAnswerSchema = z.object({ tags: z.array(tagSchema) });
export const tagOneSchema = z.object({ tag: tagSchema });
