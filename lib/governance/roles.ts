// Who may do what. One table, read by the server actions, the API, the CLI and the UI (which
// shows only what the viewer may do). Pure.

export const ROLES = ["contributor", "maintainer", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** What an account (or a token acting for it) can be allowed to do. */
export const PERMISSIONS = {
  /** File a proposal, comment on one, record that a project depends on a kfunc. */
  propose: ["contributor", "maintainer", "admin"],
  /** Approve or reject proposals, acknowledge policy violations. */
  decide: ["maintainer", "admin"],
  /** Ingest kernel data through the API. */
  ingest: ["maintainer", "admin"],
  /** Read the audit log. */
  audit: ["maintainer", "admin"],
  /** Manage accounts, roles and API tokens. */
  administer: ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** The scopes an API token can carry: the permissions automation needs. */
export const TOKEN_SCOPES = ["propose", "decide", "ingest"] as const satisfies readonly Permission[];
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  contributor: "Contributor",
  maintainer: "Maintainer",
  admin: "Admin",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  contributor: "Proposes promotions and deprecations, comments, records the projects that use a kfunc.",
  maintainer: "Decides proposals, edits deprecation schedules, acknowledges policy violations.",
  admin: "Everything a maintainer does, plus accounts, roles and API tokens.",
};

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function isTokenScope(value: unknown): value is TokenScope {
  return typeof value === "string" && (TOKEN_SCOPES as readonly string[]).includes(value);
}

export function roleAllows(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
