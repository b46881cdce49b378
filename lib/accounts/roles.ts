import { ROLES, type Role } from "@/lib/db/vocabulary";

export type { Role };

/** viewer reads; editor also adds, tags, re-captures and deletes; admin also manages users and settings. */
export function hasRole(actual: string, needed: Role): boolean {
  const rank = ROLES.indexOf(actual as Role);
  return rank >= 0 && rank >= ROLES.indexOf(needed);
}
