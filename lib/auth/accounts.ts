import { db } from "@/lib/db/client";
import { hashPassword, hashSecret, newSecret, verifyPassword } from "./password";
import type { Role } from "./roles";

export type AccountUser = { id: number; email: string; name: string | null; role: string };

const SESSION_DAYS = 30;
const userFields = { id: true, email: true, name: true, role: true } as const;

export async function userCount(): Promise<number> {
  return db().user.count();
}

export async function createUser(input: { email: string; password: string; role: Role; name?: string }): Promise<AccountUser> {
  return db().user.create({
    data: { email: input.email.toLowerCase(), name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
    select: userFields,
  });
}

/** The first account is the admin; refuses once any account exists (two first-start forms racing included). */
export async function createFirstAdmin(input: { email: string; password: string }): Promise<AccountUser | null> {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: { email: input.email.toLowerCase(), role: "admin", passwordHash }, select: userFields });
  });
}

/** Checks a password; the same work is done for unknown emails so timing does not reveal which emails exist. */
export async function checkCredentials(email: string, password: string): Promise<AccountUser | null> {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
}
// A valid scrypt hash of a random password: verifying against it costs as much as a real check.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function startSession(userId: number): Promise<{ secret: string; expiresAt: Date }> {
  const { secret, hash } = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db().session.create({ data: { id: hash, userId, expiresAt } });
  return { secret, expiresAt };
}

export async function userForSession(secret: string): Promise<AccountUser | null> {
  const session = await db().session.findUnique({ where: { id: hashSecret(secret) }, include: { user: { select: userFields } } });
  if (!session || session.expiresAt < new Date()) return null;
  return session.user;
}

export async function endSession(secret: string): Promise<void> {
  await db().session.deleteMany({ where: { id: hashSecret(secret) } });
}

export async function endAllSessions(userId: number): Promise<number> {
  return (await db().session.deleteMany({ where: { userId } })).count;
}

export async function listUsers() {
  return db().user.findMany({ select: { ...userFields, createdAt: true }, orderBy: { id: "asc" } });
}

/** Changes a role, keeping at least one admin. */
export async function setUserRole(userId: number, role: Role): Promise<"ok" | "last-admin" | "not-found"> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) return "not-found";
    if (user.role === "admin" && role !== "admin" && (await tx.user.count({ where: { role: "admin" } })) === 1) return "last-admin";
    await tx.user.update({ where: { id: userId }, data: { role } });
    if (role !== user.role) await tx.session.deleteMany({ where: { userId } });
    return "ok";
  });
}

export async function deleteUser(userId: number): Promise<"ok" | "last-admin" | "not-found"> {
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) return "not-found";
    if (user.role === "admin" && (await tx.user.count({ where: { role: "admin" } })) === 1) return "last-admin";
    await tx.user.delete({ where: { id: userId } });
    return "ok";
  });
}

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
  const token = await db().apiToken.findUnique({ where: { tokenHash: hashSecret(secret) }, include: { user: { select: userFields } } });
  if (!token || token.revokedAt) return null;
  await db().apiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
  return token.user;
}

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

/** The link id a share token opens, or null when it is unknown or revoked. */
export async function linkForShareToken(secret: string): Promise<number | null> {
  const share = await db().shareLink.findUnique({ where: { tokenHash: hashSecret(secret) } });
  return share && !share.revokedAt ? share.linkId : null;
}

/** Unattended setups: KURA_ADMIN_EMAIL and KURA_ADMIN_PASSWORD create the admin at first start. */
export async function ensureAdminFromEnv(email: string | undefined, password: string | undefined): Promise<boolean> {
  if (!email || !password) return false;
  return (await createFirstAdmin({ email, password })) !== null;
}
