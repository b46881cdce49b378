"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { fieldErrors } from "@/lib/validation/forms";
import { idSchema, loginSchema, newUserSchema, roleChangeSchema, safeReturnPath, setupSchema, tokenNameSchema } from "@/lib/validation/auth";
import { checkCredentials, createFirstAdmin, createUser, deleteUser, setUserRole } from "@/lib/accounts/users";
import { endAllSessions } from "@/lib/accounts/sessions";
import { createApiToken, revokeApiToken } from "@/lib/accounts/tokens";
import { createShareLink, revokeShareLinks } from "@/lib/library/shares";
import { clientAddress, requireUser, signIn, signOut } from "@/lib/accounts/current-user";
import { loginThrottle } from "@/lib/accounts/throttle";
import { messages as m } from "@/lib/i18n/messages";
import type { FormState } from "./actions";

export async function setupAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = setupSchema.safeParse({ ...values, password: form.get("password"), confirm: form.get("confirm") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const admin = await createFirstAdmin(parsed.data);
  if (!admin) redirect("/login");
  await signIn(admin.id);
  redirect("/");
}

export async function loginAction(_previous: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? ""), next: String(form.get("next") ?? "/") };
  const parsed = loginSchema.safeParse({ email: values.email, password: form.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  const key = `${await clientAddress()}|${parsed.data.email}`;
  const wait = loginThrottle.retryAfterMs(key);
  if (wait > 0) return { errors: { form: m.auth.throttled(Math.ceil(wait / 60_000)) }, values };
  const user = await checkCredentials(parsed.data.email, parsed.data.password);
  if (!user) {
    loginThrottle.recordFailure(key);
    return { errors: { form: m.auth.badCredentials }, values };
  }
  loginThrottle.reset(key);
  await signIn(user.id);
  redirect(safeReturnPath(values.next));
}

export async function logoutAction(): Promise<void> {
  await signOut();
  redirect("/login");
}

export async function logoutEverywhereAction(): Promise<void> {
  const user = await requireUser("viewer");
  await endAllSessions(user.id);
  await signOut();
  redirect("/login");
}

export async function createTokenAction(_previous: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser("viewer", "/settings");
  const parsed = tokenNameSchema.safeParse({ name: form.get("name") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error) };
  const token = await createApiToken(user.id, parsed.data.name);
  revalidatePath("/settings");
  return { ok: true, values: { token } };
}

export async function revokeTokenAction(form: FormData): Promise<void> {
  const user = await requireUser("viewer", "/settings");
  const id = idSchema.safeParse(form.get("tokenId"));
  if (id.success) await revokeApiToken(user.id, id.data);
  revalidatePath("/settings");
}

export async function createUserAction(_previous: FormState, form: FormData): Promise<FormState> {
  await requireUser("admin", "/settings");
  const values = { email: String(form.get("email") ?? ""), role: String(form.get("role") ?? "viewer") };
  const parsed = newUserSchema.safeParse({ ...values, password: form.get("password") });
  if (!parsed.success) return { errors: fieldErrors(parsed.error), values };
  try {
    await createUser(parsed.data);
  } catch {
    return { errors: { email: m.settings.emailTaken }, values };
  }
  revalidatePath("/settings");
  return { ok: true };
}

export async function changeRoleAction(form: FormData): Promise<void> {
  await requireUser("admin", "/settings");
  const parsed = roleChangeSchema.safeParse({ userId: form.get("userId"), role: form.get("role") });
  if (parsed.success) await setUserRole(parsed.data.userId, parsed.data.role);
  revalidatePath("/settings");
}

export async function deleteUserAction(form: FormData): Promise<void> {
  const admin = await requireUser("admin", "/settings");
  const id = idSchema.safeParse(form.get("userId"));
  if (id.success && id.data !== admin.id) await deleteUser(id.data);
  revalidatePath("/settings");
}

export async function createShareAction(_previous: FormState, form: FormData): Promise<FormState> {
  const user = await requireUser("editor");
  const id = idSchema.safeParse(form.get("linkId"));
  if (!id.success) return { errors: { form: m.errors.notFound } };
  const token = await createShareLink(id.data, user.id);
  if (!token) return { errors: { form: m.errors.notFound } };
  revalidatePath(`/links/${id.data}`);
  return { ok: true, values: { path: `/s/${token}` } };
}

export async function revokeShareAction(form: FormData): Promise<void> {
  await requireUser("editor");
  const linkId = idSchema.safeParse(form.get("linkId"));
  if (!linkId.success) return;
  await revokeShareLinks(linkId.data);
  revalidatePath(`/links/${linkId.data}`);
}
