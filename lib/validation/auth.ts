import { z } from "@/lib/validation/zod";
import { v } from "./messages";
import { API_TOKEN_SCOPES, ROLES } from "@/lib/db/vocabulary";

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email(v("emailInvalid")).max(200, v("emailTooLong")));
const password = z.string().min(10, v("passwordTooShort")).max(200, v("passwordTooLong"));

export const loginSchema = z.object({ email, password: z.string().min(1, v("passwordRequired")).max(200, v("passwordTooLong")) });

export const setupSchema = z
  .object({ email, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: v("passwordsDiffer") });

export const newUserSchema = z.object({ email, password, role: z.enum(ROLES, v("roleRequired")) });

export const roleChangeSchema = z.object({ userId: z.coerce.number().int().positive(), role: z.enum(ROLES, v("roleRequired")) });

export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;

/** A new API token: its name, scope (`write` by default) and lifetime in days (empty: it never expires). */
export const tokenNameSchema = z.object({
  name: z.string().trim().min(1, v("tokenNameRequired")).max(60, v("tokenNameTooLong")),
  scope: z
    .enum(API_TOKEN_SCOPES, { error: v("tokenScopeRequired") })
    .nullish()
    .transform((v) => v ?? "write"),
  expiresInDays: z
    .union([z.literal(""), z.enum(TOKEN_EXPIRY_DAYS.map(String) as [string, ...string[]])], { error: v("tokenExpiryRequired") })
    .nullish()
    .transform((v) => (v ? Number(v) : null)),
});

export const idSchema = z.coerce.number().int().positive();

export const tokenIdFormSchema = z.object({ tokenId: idSchema });

export const userIdFormSchema = z.object({ userId: idSchema });

/**
 * Where to go after signing in: only a path on this site, never another origin. Browsers drop tabs and newlines
 * from URLs and read "\\" as "/", so "/\t/evil.example" or "/\\evil.example" would leave the site: any control
 * character or backslash is refused outright, and what is left must resolve to the same origin with a single leading "/".
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 2000) return "/";
  // eslint-disable-next-line no-control-regex -- C0/C1 controls and backslashes are exactly what must be refused
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return "/";
  if (!value.startsWith("/") || value.startsWith("//")) return "/";
  const base = "http://kura.invalid";
  let resolved: URL;
  try {
    resolved = new URL(value, base);
  } catch {
    return "/";
  }
  if (resolved.origin !== base || resolved.pathname.startsWith("//")) return "/";
  return resolved.pathname + resolved.search + resolved.hash;
}
