import type { z } from "zod";
import { apiUserOrStatus } from "@/lib/accounts/current-user";
import type { AccountUser } from "@/lib/accounts/users";
import type { Role } from "@/lib/accounts/roles";
import { validationTranslator } from "@/lib/i18n/translator";
import { API_ERROR_CODES, apiFieldErrors, MAX_API_BODY_BYTES, type ApiErrorStatus } from "@/lib/validation/api";

// What every /api/v1 handler shares: JSON errors in one shape, the auth check, and reading a JSON body or the path
// through a schema. Handlers stay a few lines: parse, call the domain, answer.

// Scripts read the API: its messages stay in one language (English), like its error codes.
const API_LANGUAGE = validationTranslator("en");

export function apiError(status: ApiErrorStatus, message: string, fields?: Record<string, string>): Response {
  return Response.json({ error: { code: API_ERROR_CODES[status], message, ...(fields ? { fields } : {}) } }, { status });
}

export const notFound = (what = "There is nothing at this address.") => apiError(404, what);

const DENIED: Record<401 | 403, string> = {
  401: "Authentication required: send “Authorization: Bearer <API token>” (a valid, unexpired token) or sign in.",
  403: "Not allowed: your role or a read-only token does not permit this, or a cookie-authenticated write did not send JSON from this site.",
};

/** A thrown answer: lets the helpers below stop a handler with an error without each caller checking. */
class Answer extends Error {
  constructor(readonly response: Response) {
    super("answer");
  }
}

export async function requireApiUser(request: Request, role: Role): Promise<AccountUser> {
  const user = await apiUserOrStatus(request, role);
  if (typeof user === "number") throw new Answer(apiError(user, DENIED[user]));
  return user;
}

export function parseOr422<S extends z.ZodType>(schema: S, input: unknown, status: 404 | 422 = 422): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Answer(status === 404 ? notFound() : apiError(422, "The input was refused; see fields.", apiFieldErrors(parsed.error, API_LANGUAGE)));
}

/** The JSON body through `schema`: 413 when too large, 415 when not JSON, 400 when it does not parse, 422 when refused. */
export async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const tooLarge = () => new Answer(apiError(413, `Request bodies are limited to ${MAX_API_BODY_BYTES} bytes.`));
  if (Number(request.headers.get("content-length") ?? 0) > MAX_API_BODY_BYTES) throw tooLarge();
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new Answer(apiError(415, "Send the body as JSON with “Content-Type: application/json”."));
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_API_BODY_BYTES) throw tooLarge();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Answer(apiError(400, "The body is not valid JSON."));
  }
  return parseOr422(schema, raw);
}

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

/** Wraps a handler so thrown answers become responses; anything else is a real error and stays one (logged as 500). */
export function handle<P>(run: Handler<P>): Handler<P> {
  return async (request, context) => {
    try {
      return await run(request, context);
    } catch (error) {
      if (error instanceof Answer) return error.response;
      throw error;
    }
  };
}
