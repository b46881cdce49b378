import { db } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "./password";
import type { Role } from "./roles";

/** `locale`: the interface language the user chose (read with the session, so a page render needs no second lookup). */
export type AccountUser = { id: number; email: string; name: string | null; role: string; locale: string | null };

export const accountUserFields = { id: true, email: true, name: true, role: true, locale: true } as const;

export async function userCount(): Promise<number> {
  return db().user.count();
}

export async function createUser(input: { email: string; password: string; role: Role; name?: string }): Promise<AccountUser> {
  return db().user.create({
    data: { email: input.email.toLowerCase(), name: input.name ?? null, role: input.role, passwordHash: await hashPassword(input.password) },
    select: accountUserFields,
  });
}

/** The first account is the admin; refuses once any account exists (two first-start forms racing included). */
export async function createFirstAdmin(input: { email: string; password: string }): Promise<AccountUser | null> {
  const passwordHash = await hashPassword(input.password);
  return db().$transaction(async (tx) => {
    if ((await tx.user.count()) > 0) return null;
    return tx.user.create({ data: { email: input.email.toLowerCase(), role: "admin", passwordHash }, select: accountUserFields });
  });
}

/** Checks a password; the same work is done for unknown emails so timing does not reveal which emails exist. */
export async function checkCredentials(email: string, password: string): Promise<AccountUser | null> {
  const user = await db().user.findUnique({ where: { email: email.toLowerCase() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale } : null;
}
// A valid scrypt hash of a random password: verifying against it costs as much as a real check.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

export async function listUsers() {
  return db().user.findMany({ select: { ...accountUserFields, createdAt: true }, orderBy: { id: "asc" } });
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

/** Unattended setups: KURA_ADMIN_EMAIL and KURA_ADMIN_PASSWORD create the admin at first start. */
export async function ensureAdminFromEnv(email: string | undefined, password: string | undefined): Promise<boolean> {
  if (!email || !password) return false;
  return (await createFirstAdmin({ email, password })) !== null;
}
