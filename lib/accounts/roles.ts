export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** viewer reads; editor also adds, tags, re-captures and deletes; admin also manages users and settings. */
export function hasRole(actual: string, needed: Role): boolean {
  const rank = ROLES.indexOf(actual as Role);
  return rank >= 0 && rank >= ROLES.indexOf(needed);
}
