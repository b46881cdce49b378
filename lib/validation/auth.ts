import { z } from "zod";
import { API_TOKEN_SCOPES, ROLES } from "@/lib/db/vocabulary";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(200, "That email address is too long."));
const password = z.string().min(10, "Passwords are at least 10 characters.").max(200, "Passwords are at most 200 characters.");

export const loginSchema = z.object({ email, password: z.string().min(1, "Enter your password.").max(200) });

export const setupSchema = z
  .object({ email, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

export const newUserSchema = z.object({ email, password, role: z.enum(ROLES, "Choose a role.") });

export const roleChangeSchema = z.object({ userId: z.coerce.number().int().positive(), role: z.enum(ROLES, "Choose a role.") });

export const TOKEN_EXPIRY_DAYS = [7, 30, 90, 365] as const;

/** A new API token: its name, scope (`write` by default) and lifetime in days (empty: it never expires). */
export const tokenNameSchema = z.object({
  name: z.string().trim().min(1, "Name the token (e.g. “bookmarklet”).").max(60, "Token names are at most 60 characters."),
  scope: z
    .enum(API_TOKEN_SCOPES, { error: "Choose read-only or read and write." })
    .nullish()
    .transform((v) => v ?? "write"),
  expiresInDays: z
    .union([z.literal(""), z.enum(TOKEN_EXPIRY_DAYS.map(String) as [string, ...string[]])], { error: "Choose how long the token lasts." })
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
