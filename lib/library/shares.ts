import { db } from "@/lib/db/client";
import { hashSecret, newSecret } from "@/lib/accounts/secrets";

// Public read-only links to one entry. The token is shown once; only its hash is stored.

export async function createShareLink(linkId: number, createdById: number): Promise<string | null> {
  const link = await db().link.findUnique({ where: { id: linkId }, select: { id: true } });
  if (!link) return null;
  const { secret, hash } = newSecret();
  await db().shareLink.create({ data: { linkId, tokenHash: hash, createdById } });
  return secret;
}

export async function listShareLinks(linkId: number) {
  return db().shareLink.findMany({ where: { linkId, revokedAt: null }, select: { id: true, createdAt: true }, orderBy: { id: "desc" } });
}

/** Revokes every public link of an entry. */
export async function revokeShareLinks(linkId: number): Promise<number> {
  const { count } = await db().shareLink.updateMany({ where: { linkId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

/** The id of the entry a share token opens, or null when the token is unknown or revoked. */
export async function sharedEntryId(secret: string): Promise<number | null> {
  const share = await db().shareLink.findUnique({ where: { tokenHash: hashSecret(secret) } });
  return share && !share.revokedAt ? share.linkId : null;
}
