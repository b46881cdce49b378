import { db } from "@/lib/db/client";
import { hashSecret, newSecret } from "./secrets";
import { accountUserFields, type AccountUser } from "./users";

// API tokens for scripts and the bookmarklet (`Authorization: Bearer kura_…`); only their hash is stored.

export async function createApiToken(userId: number, name: string): Promise<string> {
  const { secret, hash } = newSecret("kura_");
  await db().apiToken.create({ data: { userId, name, tokenHash: hash } });
  return secret;
}

export async function listApiTokens(userId: number) {
  return db().apiToken.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, createdAt: true, lastUsedAt: true },
    orderBy: { id: "desc" },
  });
}

export async function revokeApiToken(userId: number, tokenId: number): Promise<boolean> {
  const { count } = await db().apiToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

export async function userForApiToken(secret: string): Promise<AccountUser | null> {
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { user: { select: accountUserFields } } });
  if (!token || token.revokedAt) return null;
  await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  return token.user;
}
