import { db } from "@/lib/db/client";
import { hashSecret, newSecret } from "./secrets";
import { accountUserFields, type AccountUser } from "./users";

const SESSION_DAYS = 30;

export async function startSession(userId: number): Promise<{ secret: string; expiresAt: Date }> {
  const { secret, hash } = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  await db().session.create({ data: { id: hash, userId, expiresAt } });
  return { secret, expiresAt };
}

export async function userForSession(secret: string): Promise<AccountUser | null> {
  const session = await db().session.findUnique({ where: { id: hashSecret(secret) }, include: { user: { select: accountUserFields } } });
  if (!session || session.expiresAt < new Date()) return null;
  return session.user;
}

export async function endSession(secret: string): Promise<void> {
  await db().session.deleteMany({ where: { id: hashSecret(secret) } });
}

export async function endAllSessions(userId: number): Promise<number> {
  return (await db().session.deleteMany({ where: { userId } })).count;
}
