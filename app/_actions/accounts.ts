"use server";

import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { revalidatePath } from "next/cache";
import {
  loginSchema,
  newUserSchema,
  roleChangeSchema,
  safeReturnPath,
  setupSchema,
  tokenIdFormSchema,
  tokenNameSchema,
  userIdFormSchema,
} from "@/lib/validation/auth";
import { checkCredentials, createFirstAdmin, createUser, deleteUser, setUserRole } from "@/lib/accounts/users";
import { endAllSessions } from "@/lib/accounts/sessions";
import { createApiToken, revokeAllApiTokens, revokeApiToken } from "@/lib/accounts/tokens";
import { clientAddress, signIn, signOut } from "@/lib/accounts/current-user";
import { beginSignIn } from "@/lib/accounts/throttle";
import { formAction, stateAction } from "./safe-action";

// Signing in and out, first-start set-up, API tokens, and (admins) the other accounts.

export const setupAction = stateAction({ access: "public", echo: { email: "" }, fields: ["password", "confirm"], schema: setupSchema }, async (input) => {
  const admin = await createFirstAdmin(input);
  if (!admin) redirect("/login");
  await signIn(admin.id);
  redirect("/");
});

export const loginAction = stateAction(
  { access: "public", echo: { email: "", next: "/" }, fields: ["password"], schema: loginSchema },
  async (input, { values }) => {
    const t = await getTranslations();
    const attempt = beginSignIn(input.email, await clientAddress());
    if (!attempt.allowed) {
      const wait = attempt.retryAfterMs;
      const form = wait < 60_000 ? t("auth.throttledSeconds", { seconds: Math.ceil(wait / 1000) }) : t("auth.throttled", { minutes: Math.ceil(wait / 60_000) });
      return { errors: { form }, values };
    }
    let user: Awaited<ReturnType<typeof checkCredentials>>;
    try {
      user = await checkCredentials(input.email, input.password);
    } catch (error) {
      attempt.abandon();
      throw error;
    }
    attempt.finish(user !== null);
    if (!user) return { errors: { form: t("auth.badCredentials") }, values };
    await signIn(user.id);
    redirect(safeReturnPath(values.next));
  },
);

export const logoutAction = formAction({ access: "public" }, async () => {
  await signOut();
  redirect("/login");
});

export const logoutEverywhereAction = formAction({ access: "viewer" }, async (_input, { user }) => {
  await endAllSessions(user.id);
  await revokeAllApiTokens(user.id);
  await signOut();
  redirect("/login");
});

export const createTokenAction = stateAction(
  { access: "viewer", returnTo: "/settings", fields: ["name", "scope", "expiresInDays"], schema: tokenNameSchema },
  async ({ name, scope, expiresInDays }, { user }) => {
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
    const token = await createApiToken(user.id, name, { scope, expiresAt });
    revalidatePath("/settings");
    return { ok: true, values: { token } };
  },
);

export const revokeTokenAction = formAction(
  { access: "viewer", returnTo: "/settings", fields: ["tokenId"], schema: tokenIdFormSchema },
  async ({ tokenId }, { user }) => {
    await revokeApiToken(user.id, tokenId);
    revalidatePath("/settings");
  },
);

export const createUserAction = stateAction(
  { access: "admin", returnTo: "/settings", echo: { email: "", role: "viewer" }, fields: ["password"], schema: newUserSchema },
  async (input, { values }) => {
    try {
      await createUser(input);
    } catch {
      return { errors: { email: (await getTranslations())("settings.emailTaken") }, values };
    }
    revalidatePath("/settings");
    return { ok: true };
  },
);

export const changeRoleAction = formAction(
  { access: "admin", returnTo: "/settings", fields: ["userId", "role"], schema: roleChangeSchema },
  async ({ userId, role }) => {
    await setUserRole(userId, role);
    revalidatePath("/settings");
  },
);

export const deleteUserAction = formAction(
  { access: "admin", returnTo: "/settings", fields: ["userId"], schema: userIdFormSchema },
  async ({ userId }, { user }) => {
    if (userId !== user.id) await deleteUser(userId);
    revalidatePath("/settings");
  },
);
