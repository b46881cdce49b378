import { z } from "zod";
import { ROLES } from "@/lib/db/vocabulary";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid email address.").max(200, "That email address is too long."));
const password = z.string().min(10, "Passwords are at least 10 characters.").max(200, "Passwords are at most 200 characters.");

export const loginSchema = z.object({ email, password: z.string().min(1, "Enter your password.").max(200) });

export const setupSchema = z
  .object({ email, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords differ." });

export const newUserSchema = z.object({ email, password, role: z.enum(ROLES, "Choose a role.") });

export const roleChangeSchema = z.object({ userId: z.coerce.number().int().positive(), role: z.enum(ROLES, "Choose a role.") });

export const tokenNameSchema = z.object({
  name: z.string().trim().min(1, "Name the token (e.g. “bookmarklet”).").max(60, "Token names are at most 60 characters."),
});

export const idSchema = z.coerce.number().int().positive();

export const tokenIdFormSchema = z.object({ tokenId: idSchema });

export const userIdFormSchema = z.object({ userId: idSchema });

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeReturnPath(value: unknown): string {
  return typeof value === "string" && /^\/(?!\/|\\)/.test(value) ? value : "/";
}
