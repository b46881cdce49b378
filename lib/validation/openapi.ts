import { z } from "@/lib/validation/zod";
import * as api from "./api";
import { importJsonBodySchema, importQuerySchema, importResultSchema } from "./import";

// The OpenAPI 3.1 document of /api/v1, built from the schemas in api.ts with Zod's own JSON Schema output (3.1 uses
// JSON Schema 2020-12, which is what z.toJSONSchema writes). Request schemas are shown as the client sends them
// (io: "input"), answers as the server writes them (io: "output").

type Json = Record<string, unknown>;
type Role = "viewer" | "editor" | "admin";

/** The named answers: each becomes a component and is referenced by $ref. */
const COMPONENTS = {
  Error: api.apiErrorSchema,
  Entry: api.entrySchema,
  EntryList: api.entryListSchema,
  EntryAnswer: api.entryOneSchema,
  AddEntriesResult: api.addEntriesResultSchema,
  RecaptureResult: api.recaptureResultSchema,
  Snapshot: api.snapshotSchema,
  SnapshotList: api.snapshotListSchema,
  Tag: api.tagSchema,
  TagList: api.tagListAnswerSchema,
  TagAnswer: api.tagOneSchema,
  ImportResult: importResultSchema,
} as const;
type ComponentName = keyof typeof COMPONENTS;

type Reply = ComponentName | "empty" | "file";

export type ApiOperation = {
  method: "get" | "post" | "patch" | "delete";
  /** OpenAPI path template, e.g. /api/v1/entries/{id}. */
  path: string;
  operationId: string;
  summary: string;
  /** Who may call it; null for the public document itself. */
  role: Role | null;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The body may also be a file: sent raw (any type) or as the multipart field `file`. */
  upload?: boolean;
  ok: { status: number; reply: Reply; description: string };
  /** Error statuses this operation answers besides 401/403 (which every authenticated one does). */
  errors: api.ApiErrorStatus[];
};

const BODY_ERRORS: api.ApiErrorStatus[] = [400, 413, 415, 422];

export const API_OPERATIONS: ApiOperation[] = [
  {
    method: "get",
    path: "/api/v1/entries",
    operationId: "listEntries",
    summary: "List, search and filter entries, one cursor page at a time",
    role: "viewer",
    query: api.listEntriesQuerySchema,
    ok: { status: 200, reply: "EntryList", description: "One page of entries, best match (or newest) first." },
    errors: [422],
  },
  {
    method: "post",
    path: "/api/v1/entries",
    operationId: "addEntries",
    summary: "Add one or many URLs with tags (each is captured in the background)",
    role: "editor",
    body: api.addEntriesBodySchema,
    ok: { status: 201, reply: "AddEntriesResult", description: "201 when some entry is new, 200 when all were already in the library." },
    errors: BODY_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/entries/{id}",
    operationId: "getEntry",
    summary: "Get one entry",
    role: "viewer",
    pathParams: api.entryPathSchema,
    ok: { status: 200, reply: "EntryAnswer", description: "The entry." },
    errors: [404],
  },
  {
    method: "patch",
    path: "/api/v1/entries/{id}",
    operationId: "editEntry",
    summary: "Edit an entry's title, description or tags",
    role: "editor",
    pathParams: api.entryPathSchema,
    body: api.editEntryBodySchema,
    ok: { status: 200, reply: "EntryAnswer", description: "The entry as edited." },
    errors: [404, ...BODY_ERRORS],
  },
  {
    method: "delete",
    path: "/api/v1/entries/{id}",
    operationId: "deleteEntry",
    summary: "Delete an entry with its snapshots and files",
    role: "editor",
    pathParams: api.entryPathSchema,
    ok: { status: 204, reply: "empty", description: "Deleted." },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1/entries/{id}/recapture",
    operationId: "recaptureEntry",
    summary: "Queue a new snapshot of an entry",
    role: "editor",
    pathParams: api.entryPathSchema,
    ok: { status: 202, reply: "RecaptureResult", description: "The queued snapshot (the pending one when a capture is already queued)." },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/entries/{id}/snapshots",
    operationId: "listSnapshots",
    summary: "List an entry's snapshots, newest first",
    role: "viewer",
    pathParams: api.entryPathSchema,
    ok: { status: 200, reply: "SnapshotList", description: "Every snapshot with the files it has." },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/snapshots/{id}/files/{kind}",
    operationId: "downloadSnapshotFile",
    summary: "Download one file of a snapshot",
    role: "viewer",
    pathParams: api.snapshotFilePathSchema,
    ok: { status: 200, reply: "file", description: "The file, with the archive's headers (archived HTML is sandboxed; originals come as attachments)." },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1/export",
    operationId: "exportEntries",
    summary: "Export the library, or what a search lists, as a Netscape bookmark file or JSON",
    role: "viewer",
    query: api.exportQuerySchema,
    ok: { status: 200, reply: "file", description: "The file as an attachment (text/html for netscape, application/json for json), streamed." },
    errors: [422],
  },
  {
    method: "get",
    path: "/api/v1/backup",
    operationId: "downloadBackup",
    summary: "Download a full backup (.tar: manifest.json, database.json, every stored file)",
    role: "admin",
    ok: { status: 200, reply: "file", description: "The archive (application/x-tar), streamed; restore it with `npm run restore -- <file>`." },
    errors: [],
  },
  {
    method: "get",
    path: "/api/v1/tags",
    operationId: "listTags",
    summary: "List tags in use with their entry counts",
    role: "viewer",
    ok: { status: 200, reply: "TagList", description: "Tags, most used first." },
    errors: [],
  },
  {
    method: "patch",
    path: "/api/v1/tags/{id}",
    operationId: "renameTag",
    summary: "Rename a tag everywhere it is used",
    role: "editor",
    pathParams: api.tagPathSchema,
    body: api.renameTagBodySchema,
    ok: { status: 200, reply: "TagAnswer", description: "The renamed tag." },
    errors: [404, 409, ...BODY_ERRORS],
  },
  {
    method: "delete",
    path: "/api/v1/tags/{id}",
    operationId: "deleteTag",
    summary: "Take a tag off every entry and delete it",
    role: "editor",
    pathParams: api.tagPathSchema,
    ok: { status: 204, reply: "empty", description: "Deleted." },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1/import",
    operationId: "importFile",
    summary: "Import a bookmark export (browser HTML, Pocket, Linkwarden, Karakeep, Omnivore, wallabag, URL list)",
    role: "editor",
    query: importQuerySchema,
    body: importJsonBodySchema,
    upload: true,
    ok: {
      status: 201,
      reply: "ImportResult",
      description: "201 when some entry is new, 200 when nothing new was imported; refused rows are listed with reasons.",
    },
    errors: [400, 413, 422],
  },
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "openApiDocument",
    summary: "This OpenAPI 3.1 document",
    role: null,
    ok: { status: 200, reply: "empty", description: "The document (application/json)." },
    errors: [],
  },
];

const ERROR_DESCRIPTIONS: Record<api.ApiErrorStatus, string> = {
  400: "The body is not valid JSON.",
  401: "No credentials, or an unknown, revoked or expired token.",
  403: "The role does not allow this, the token is read-only, or a cookie write came from elsewhere.",
  404: "No such resource.",
  405: "Method not allowed.",
  409: "Conflicts with an existing resource.",
  413: "The body is too large.",
  415: "The body is not sent as application/json.",
  422: "The input was refused; `fields` says why.",
  429: "Too many requests.",
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Json;
  return rest;
}

function components(): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io: "output", uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...rest }]) => [id, rest as Json]));
}

const ref = (name: ComponentName) => ({ $ref: `#/components/schemas/${name}` });

function parameters(schema: z.ZodObject | undefined, where: "path" | "query"): Json[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || (object.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
      ...(rest.type === "array" ? { style: "form", explode: true } : {}),
    };
  });
}

function okResponse(ok: ApiOperation["ok"]): Json {
  if (ok.reply === "empty") return { description: ok.description };
  if (ok.reply === "file")
    return { description: ok.description, content: { "*/*": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } };
  return { description: ok.description, content: { "application/json": { schema: ref(ok.reply) } } };
}

function requestContent(op: ApiOperation): Json {
  const content: Json = { "application/json": { schema: jsonSchema(op.body!, "input") } };
  if (op.upload) {
    const file = { type: "string", contentMediaType: "application/octet-stream" };
    content["multipart/form-data"] = { schema: { type: "object", properties: { file }, required: ["file"] } };
    content["application/octet-stream"] = { schema: file };
  }
  return content;
}

function operation(op: ApiOperation): Json {
  const errors = [...(op.role ? ([401, 403] as const) : []), ...op.errors];
  const responses: Json = { [String(op.ok.status)]: okResponse(op.ok) };
  for (const status of [...new Set(errors)].sort()) {
    responses[String(status)] = { description: ERROR_DESCRIPTIONS[status], content: { "application/json": { schema: ref("Error") } } };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.role ? { description: `Needs the ${op.role} role.` } : { security: [] }),
    tags: [op.path.split("/")[3]!],
    parameters: [...parameters(op.pathParams, "path"), ...parameters(op.query, "query")],
    ...(op.body ? { requestBody: { required: true, content: requestContent(op) } } : {}),
    responses,
  };
}

export function openApiDocument(serverUrl?: string): Json {
  const paths: Record<string, Json> = {};
  for (const op of API_OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method]: operation(op) };
  return {
    openapi: "3.1.0",
    info: {
      title: "Kura API",
      version: "1.0.0",
      description:
        "Kura's library over HTTP. Authenticate with `Authorization: Bearer <API token>` (Settings → API tokens) or the session cookie. " +
        "Listings are paged with `limit` (at most 100) and `cursor` (the previous page's `nextCursor`). " +
        'Every error is JSON: `{"error": {"code", "message", "fields"?}}`.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearer: [] }, { cookie: [] }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "An API token (kura_…); read-only tokens may only GET." },
        cookie: { type: "apiKey", in: "cookie", name: "kura_session", description: "The web app's session; writes must send JSON from this site." },
      },
    },
  };
}
