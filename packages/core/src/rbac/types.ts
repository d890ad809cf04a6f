/** Public types of the RBAC resolver: its input, what it grants, and why a policy is usable. */
import type { SourcePos } from "../model/diagnostics.js";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../model/k8s-types.js";

/** An object with, when it was read from a file, where it came from (`Loaded<T>` satisfies this). */
export interface Positioned<T> {
  object: T;
  source?: SourcePos;
}

/** The RBAC part of the input. A `Bundle` satisfies this type. */
export interface RbacInput {
  clusterRoles: readonly Positioned<ClusterRole>[];
  roles: readonly Positioned<Role>[];
  clusterRoleBindings: readonly Positioned<ClusterRoleBinding>[];
  roleBindings: readonly Positioned<RoleBinding>[];
}

/** Where a grant applies: pods in every namespace (ClusterRoleBinding) or in one (RoleBinding). */
export type GrantScope = { cluster: true } | { namespace: string };

/**
 * The subject a binding names. For a ServiceAccount, `namespace` is the resolved one (the subject's
 * own, or the RoleBinding's when the subject omits it).
 */
export interface GrantSubject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
}

export interface BindingRef {
  kind: "ClusterRoleBinding" | "RoleBinding";
  name: string;
  /** Set for RoleBindings. */
  namespace?: string;
  source?: SourcePos;
}

export interface RoleRefResolved {
  kind: "ClusterRole" | "Role";
  name: string;
  /** Set for Roles. */
  namespace?: string;
}

/** The rule of the role that grants `use`, and for an aggregated ClusterRole the role that wrote it. */
export interface GrantBasis {
  scope: GrantScope;
  subject: GrantSubject;
  binding: BindingRef;
  role: RoleRefResolved;
  /** Index into the role's effective rules (for an aggregated ClusterRole: the computed rules). */
  ruleIndex: number;
  /** For a rule that reached `role` through aggregation: the ClusterRole that holds it, and where. */
  aggregatedFrom?: { clusterRole: string; ruleIndex: number };
}

/** One (PSP, scope, subject, binding, role, rule) fact: `subject` may `use` `psp` within `scope`. */
export interface Grant extends GrantBasis {
  psp: string;
}

/** Which identity of a pod request the reason applies to (psp-semantics.md §2.1). */
export type IdentityRole = "serviceAccount" | "requester";

export type UsageReason =
  | ({ identity: IdentityRole; user: string; via: "binding" } & GrantBasis)
  /** Members of `system:masters` may do anything, whatever RBAC says. */
  | { identity: IdentityRole; user: string; via: "system:masters" };

export interface UsablePolicy {
  psp: string;
  /** Every reason, sorted: service account before requester, then cluster before namespace, then binding. */
  reasons: UsageReason[];
}

/** The audience of a pod request: its namespace, its service account, and who sent it. */
export interface UsageQuery {
  namespace: string;
  /** `spec.serviceAccountName`; empty or absent = no service-account identity (only the requester counts). */
  serviceAccount?: string;
  /** The requesting user; absent = no requester identity (never authorized). */
  user?: string;
  /** The requester's groups, exactly as given (see `requesterIdentity` to add `system:authenticated`). */
  groups?: string[];
}
