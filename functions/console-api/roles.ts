// Who may do what in the console: the roles, the reveal permission, and the one rule that decides.
// Shared by the API (routes.ts enforces it) and the pages (which hide what the API would refuse),
// so the two cannot disagree. Plain data and one function: the browser bundle carries it too.

/** Roles, each including the ones before it. On AWS they are the user pool's groups (or an OIDC claim). */
export const ROLES = ['viewer', 'reviewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Seeing unmasked patient details: a permission of its own, whatever the role. */
export const REVEAL_PERMISSION = 'reveal-patient';

/** Needs no role: anyone the sign-in let through (who am I, and what may I do). */
export const SIGNED_IN = 'signed-in';

export type Needs = Role | typeof REVEAL_PERMISSION | typeof SIGNED_IN;

/** The groups a deployment's user pool has: each role, and the reveal permission. */
export const GROUPS: readonly string[] = [...ROLES, REVEAL_PERMISSION];

/** What GET /api/me answers: who the console is acting as. */
export interface Me {
  id: string;
  /** The roles and permissions the sign-in gave; absent on the local console, which may do everything. */
  roles?: readonly string[];
}

/** Whether someone with these roles may do what `needs` names (no roles given: everything). */
export function allowed(actor: { roles?: readonly string[] }, needs: Needs): boolean {
  if (actor.roles === undefined || needs === SIGNED_IN) return true;
  if (needs === REVEAL_PERMISSION) return actor.roles.includes(REVEAL_PERMISSION);
  const level = ROLES.indexOf(needs);
  return actor.roles.some((role) => ROLES.indexOf(role as Role) >= level);
}
