import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { config } from "@/lib/config";
import { endSession, startSession, userForSession } from "./sessions";
import { userForApiToken } from "./tokens";
import { userCount, type AccountUser } from "./users";
import { hasRole, type Role } from "./roles";

export const SESSION_COOKIE = "kura_session";

/** The signed-in user of this request: a session cookie, or an API token (`Authorization: Bearer kura_…`). */
export async function currentUser(): Promise<AccountUser | null> {
  const bearer = (await headers()).get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return userForApiToken(bearer);
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  return secret ? userForSession(secret) : null;
}

/**
 * For pages and server actions: the user if they have `role`; otherwise to first-start set-up (no accounts yet),
 * to the login page (not signed in), or to a plain refusal (signed in without the role).
 */
export async function requireUser(role: Role, returnTo = "/"): Promise<AccountUser> {
  const user = await currentUser();
  if (user && hasRole(user.role, role)) return user;
  if (!user) {
    if ((await userCount()) === 0) redirect("/setup");
    redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  }
  redirect("/forbidden");
}

/** For route handlers: the user if allowed, or the HTTP status to answer with. */
export async function userOrStatus(role: Role): Promise<AccountUser | 401 | 403> {
  const user = await currentUser();
  if (!user) return 401;
  return hasRole(user.role, role) ? user : 403;
}

async function secureCookies(): Promise<boolean> {
  if (config().secureCookies !== "auto") return config().secureCookies === "1";
  return (await headers()).get("x-forwarded-proto") === "https";
}

export async function signIn(userId: number): Promise<void> {
  const { secret, expiresAt } = await startSession(userId);
  (await cookies()).set(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: await secureCookies(),
    path: "/",
    expires: expiresAt,
  });
}

export async function signOut(): Promise<void> {
  const jar = await cookies();
  const secret = jar.get(SESSION_COOKIE)?.value;
  if (secret) await endSession(secret);
  jar.delete(SESSION_COOKIE);
}

/** Client address for the login throttle (behind a proxy, its forwarded header). */
export async function clientAddress(): Promise<string> {
  const h = await headers();
  return h.get("x-forwarded-for")?.split(",")[0]?.trim() || h.get("x-real-ip") || "local";
}
