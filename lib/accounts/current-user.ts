import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { config } from "@/lib/config";
import { endSession, startSession, userForSession } from "./sessions";
import { holderOfApiToken } from "./tokens";
import { userCount, type AccountUser } from "./users";
import { hasRole, type Role } from "./roles";
import { cookieWriteRefusal } from "@/lib/security/cookie-write";

export const SESSION_COOKIE = "kura_session";

const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * The signed-in user of a page render, server action or archive file: the session cookie only. API tokens are for
 * scripts on /api/* (see apiUserOrStatus); a leaked token must not open the app's pages or run its actions.
 */
export async function currentUser(): Promise<AccountUser | null> {
  const secret = (await cookies()).get(SESSION_COOKIE)?.value;
  return secret ? sessionUser(secret) : null;
}

/**
 * One session lookup per page render, however many of the layout, the page and the locale ask (React's per-request
 * cache; outside a render, e.g. in a server action, every call looks it up). Keyed by the secret, so signing in or
 * out within a request never sees the other session's user.
 */
const sessionUser = cache((secret: string) => userForSession(secret));

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

const bearerOf = (request: Request) => request.headers.get("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];

/**
 * For /api/* route handlers: an API token (`Authorization: Bearer kura_…`) or the session cookie. A write carried by
 * the cookie must also pass the CSRF guard (JSON body, this site's Origin); a token request needs neither.
 */
export async function apiUserOrStatus(request: Request, role: Role): Promise<AccountUser | 401 | 403> {
  const bearer = bearerOf(request);
  if (bearer) {
    const holder = await holderOfApiToken(bearer);
    if (!holder) return 401;
    // A read-only token reads whatever the role allows but never writes, even when the role would.
    if (holder.scope === "read" && !READ_METHODS.has(request.method)) return 403;
    return hasRole(holder.user.role, role) ? holder.user : 403;
  }
  // Who is asking comes first (anonymous stays 401); a signed-in cookie write from elsewhere is then refused.
  const status = await userOrStatus(role);
  if (typeof status !== "number" && cookieWriteRefusal(request)) return 403;
  return status;
}

/** For route handlers outside /api (archive files): the session user if allowed, or the HTTP status to answer with. */
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

/**
 * The client's address for the sign-in throttle, or null when it cannot be trusted: only behind configured proxies
 * (KURA_TRUSTED_PROXY_HOPS), each of which appends the address it saw, so the entries a client wrote itself are on
 * the left and the trusted ones on the right.
 */
export async function clientAddress(): Promise<string | null> {
  const hops = config().trustedProxyHops;
  if (hops === 0) return null;
  const chain = ((await headers()).get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain.at(-hops) ?? null;
}
