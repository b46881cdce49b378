import { db } from "@/lib/db/client";
import type { ApiTokenScope } from "@/lib/db/vocabulary";
import { hashSecret, newSecret } from "./secrets";
import { accountUserFields, type AccountUser } from "./users";

// API tokens for scripts and the bookmarklet (`Authorization: Bearer kura_…`); only their hash is stored.

export type ApiTokenOptions = { expiresAt?: Date | null; scope?: ApiTokenScope };

export async function createApiToken(userId: number, name: string, options: ApiTokenOptions = {}): Promise<string> {
  const { secret, hash } = newSecret("kura_");
  await db().apiToken.create({ data: { userId, name, tokenHash: hash, expiresAt: options.expiresAt ?? null, scope: options.scope ?? "write" } });
  return secret;
}

export async function listApiTokens(userId: number) {
  return db().apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true, expiresAt: true, scope: true },
    orderBy: { id: "desc" },
  });
}

export async function revokeApiToken(userId: number, tokenId: number): Promise<boolean> {
  const { count } = await db().apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

/** "Sign out everywhere" ends the sessions and also revokes every token: a leaked token must not outlive it. */
export async function revokeAllApiTokens(userId: number): Promise<number> {
  return (await db().apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } })).count;
}

export type ApiTokenHolder = { user: AccountUser; scope: ApiTokenScope };

/** The token's user and scope, or null when the token is unknown, revoked or expired. */
export async function holderOfApiToken(secret: string, now = new Date()): Promise<ApiTokenHolder | null> {
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { user: { select: accountUserFields } } });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) return null;
  await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  return { user: token.user, scope: token.scope === "read" ? "read" : "write" };
}

export async function userForApiToken(secret: string): Promise<AccountUser | null> {
  return (await holderOfApiToken(secret))?.user ?? null;
}
