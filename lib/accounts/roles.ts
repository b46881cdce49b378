import { ROLES, type Role } from "@/lib/db/vocabulary";

/** Weakest first: the order the settings page lists them in. */
export { ROLES, type Role };

/** viewer reads; editor also adds, tags, re-captures and deletes; admin also manages users and settings. */
export function hasRole(actual: string, needed: Role): boolean {
  const rank = ROLES.indexOf(actual as Role);
  return rank >= 0 && rank >= ROLES.indexOf(needed);
}

/** A stored role word Kura knows (any other is shown as it is, untranslated). */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
