/** Small builders for RBAC objects in tests (plain objects, as a manifest would hold them). */
import type {
  ClusterRole,
  ClusterRoleBinding,
  LabelSelector,
  PolicyRule,
  Role,
  RoleBinding,
  Subject,
} from "../../src/model/k8s-types.js";
import type { RbacInput } from "../../src/rbac/index.js";

const API = "rbac.authorization.k8s.io/v1";
const GROUP = "rbac.authorization.k8s.io";

/** `use` on podsecuritypolicies in group policy, optionally restricted to names. */
export function useRule(names: string[] = [], over: Partial<PolicyRule> = {}): PolicyRule {
  return {
    apiGroups: ["policy"],
    resources: ["podsecuritypolicies"],
    verbs: ["use"],
    ...(names.length > 0 ? { resourceNames: names } : {}),
    ...over,
  };
}

export function clusterRole(
  name: string,
  rules: PolicyRule[] | undefined,
  extra: { labels?: Record<string, string>; selectors?: LabelSelector[] } = {},
): ClusterRole {
  return {
    apiVersion: API,
    kind: "ClusterRole",
    metadata: { name, ...(extra.labels ? { labels: extra.labels } : {}) },
    ...(rules ? { rules } : {}),
    ...(extra.selectors ? { aggregationRule: { clusterRoleSelectors: extra.selectors } } : {}),
  };
}

export function role(namespace: string, name: string, rules: PolicyRule[]): Role {
  return { apiVersion: API, kind: "Role", metadata: { name, namespace }, rules };
}

export const user = (name: string): Subject => ({ kind: "User", apiGroup: GROUP, name });
export const group = (name: string): Subject => ({ kind: "Group", apiGroup: GROUP, name });
export const sa = (name: string, namespace?: string): Subject => ({
  kind: "ServiceAccount",
  name,
  ...(namespace !== undefined ? { namespace } : {}),
});

export function roleBinding(
  namespace: string,
  name: string,
  ref: { kind: "Role" | "ClusterRole"; name: string },
  subjects: Subject[],
): RoleBinding {
  return {
    apiVersion: API,
    kind: "RoleBinding",
    metadata: { name, namespace },
    subjects,
    roleRef: { apiGroup: GROUP, ...ref },
  };
}

export function clusterRoleBinding(
  name: string,
  ref: { kind: "Role" | "ClusterRole"; name: string },
  subjects: Subject[],
): ClusterRoleBinding {
  return {
    apiVersion: API,
    kind: "ClusterRoleBinding",
    metadata: { name },
    subjects,
    roleRef: { apiGroup: GROUP, ...ref },
  };
}

/** Sort typed objects into an RbacInput (no source positions). */
export function input(objects: (ClusterRole | Role | ClusterRoleBinding | RoleBinding)[]): RbacInput {
  const pick = <K extends string>(k: K) => objects.filter((o) => o.kind === k).map((object) => ({ object }));
  return {
    clusterRoles: pick("ClusterRole") as { object: ClusterRole }[],
    roles: pick("Role") as { object: Role }[],
    clusterRoleBindings: pick("ClusterRoleBinding") as { object: ClusterRoleBinding }[],
    roleBindings: pick("RoleBinding") as { object: RoleBinding }[],
  };
}
