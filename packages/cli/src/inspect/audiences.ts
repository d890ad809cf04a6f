/**
 * The grant tables of `inspect`: for each namespace the input names (and for "any other namespace"),
 * which PSPs its pods may use through their service account — any SA, then named SAs with grants of
 * their own — and which PSPs each requesting user, group or client service account brings.
 * The RBAC resolver answers every question; this module only chooses the questions and the layout.
 */
import {
  type Bundle,
  type GrantSubject,
  type RbacModel,
  SYSTEM_AUTHENTICATED,
  SYSTEM_MASTERS,
  serviceAccountUsername,
  type UsablePolicy,
  type UsageQuery,
  type UsageReason,
} from "@psp2gk/core";
import { byString } from "../sort.js";
import type { PspUse, RequesterRow, ServiceAccountRow, Via } from "./model.js";

/**
 * Stand-ins for "a namespace / service account / group member the input does not name". Kubernetes
 * names are DNS labels or subdomains, so a name with parentheses can never collide with a real one.
 */
const OTHER_NAMESPACE = "(other)";
const ANY_SERVICE_ACCOUNT = "(any)";
const GROUP_MEMBER = "(a member of the group)";

/** Every namespace the input names: objects in it, RoleBindings, and namespaces singled out by grants. */
export function namespacesSeen(bundle: Bundle, rbac: RbacModel, psps: readonly string[]): string[] {
  const names = new Set<string>();
  for (const { object } of bundle.namespaces) names.add(object.metadata.name);
  for (const list of [bundle.roles, bundle.roleBindings, bundle.serviceAccounts, bundle.pods, bundle.workloads]) {
    for (const { object } of list) {
      const ns = object.metadata.namespace;
      if (ns) names.add(ns);
    }
  }
  for (const ns of rbac.namespacesWithNamespacedGrants(psps)) names.add(ns);
  for (const ns of rbac.namespacesNamedByClusterGrants(psps)) names.add(ns);
  return [...names].sort(byString);
}

export function serviceAccountRows(
  rbac: RbacModel,
  namespaces: readonly string[],
  psps: readonly string[],
): ServiceAccountRow[] {
  const rows: ServiceAccountRow[] = [];
  for (const ns of [...namespaces, OTHER_NAMESPACE]) {
    const namespace = ns === OTHER_NAMESPACE ? null : ns;
    const any = rbac.usablePolicies({ namespace: ns, serviceAccount: ANY_SERVICE_ACCOUNT }, psps).map(toUse);
    rows.push({ namespace, serviceAccount: null, psps: any });
    const anyNames = new Set(any.map((u) => u.psp));
    for (const sa of [...rbac.serviceAccountsWithGrants(ns, psps)].sort(byString)) {
      const extra = rbac
        .usablePolicies({ namespace: ns, serviceAccount: sa }, psps)
        .filter((u) => !anyNames.has(u.psp))
        .map(toUse);
      if (extra.length > 0) rows.push({ namespace, serviceAccount: sa, psps: extra });
    }
  }
  return rows;
}

/** Requesters every cluster has, shown even when they bring nothing: the answer "nothing" matters too. */
const ALWAYS_SHOWN: readonly GrantSubject[] = [
  { kind: "Group", name: SYSTEM_AUTHENTICATED },
  { kind: "Group", name: SYSTEM_MASTERS },
];

export function requesterRows(rbac: RbacModel, namespaces: readonly string[], psps: readonly string[]): RequesterRow[] {
  const subjects = new Map<string, GrantSubject>();
  // Namespaces where a subject has RoleBinding grants: the only places it can bring more than it
  // brings everywhere, since each row asks about that one subject alone.
  const namespacedIn = new Map<string, Set<string>>();
  for (const s of ALWAYS_SHOWN) subjects.set(subjectRef(s), s);
  for (const g of rbac.grants(psps)) {
    const ref = subjectRef(g.subject);
    subjects.set(ref, g.subject);
    if ("namespace" in g.scope) {
      const set = namespacedIn.get(ref) ?? new Set<string>();
      set.add(g.scope.namespace);
      namespacedIn.set(ref, set);
    }
  }
  const seen = new Set(namespaces);

  const rows: RequesterRow[] = [];
  for (const [ref, subject] of [...subjects].sort(([a], [b]) => byString(a, b))) {
    const ask = (namespace: string) => rbac.usablePolicies(requesterQuery(subject, namespace), psps).map(toUse);
    const everywhere = ask(OTHER_NAMESPACE);
    if (everywhere.length > 0 || ALWAYS_SHOWN.some((s) => subjectRef(s) === ref)) {
      rows.push({ subject: ref, namespace: null, psps: everywhere });
    }
    const everywhereNames = new Set(everywhere.map((u) => u.psp));
    const candidates = [...(namespacedIn.get(ref) ?? [])].filter((ns) => seen.has(ns)).sort(byString);
    for (const ns of candidates) {
      const extra = ask(ns).filter((u) => !everywhereNames.has(u.psp));
      if (extra.length > 0) rows.push({ subject: ref, namespace: ns, psps: extra });
    }
  }
  return rows;
}

/** The subject alone as the requester, so a row says what that one user, group or SA brings. */
function requesterQuery(subject: GrantSubject, namespace: string): UsageQuery {
  switch (subject.kind) {
    case "User":
      return { namespace, user: subject.name, groups: [] };
    case "Group":
      return { namespace, user: GROUP_MEMBER, groups: [subject.name] };
    case "ServiceAccount":
      return { namespace, user: serviceAccountUsername(subject.namespace ?? "", subject.name), groups: [] };
  }
}

export function subjectRef(s: GrantSubject): string {
  return s.kind === "ServiceAccount" ? `ServiceAccount/${s.namespace ?? ""}/${s.name}` : `${s.kind}/${s.name}`;
}

export function toUse(u: UsablePolicy): PspUse {
  // Two rules of one role granting the same PSP are one reason to a reader; keep the first of each.
  const seen = new Set<string>();
  const via = u.reasons.map(toVia).filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { psp: u.psp, via };
}

function toVia(r: UsageReason): Via {
  if (r.via === "system:masters") return { kind: "system:masters" };
  const binding =
    r.binding.kind === "RoleBinding"
      ? `RoleBinding/${r.binding.namespace ?? ""}/${r.binding.name}`
      : `ClusterRoleBinding/${r.binding.name}`;
  const role = r.role.kind === "Role" ? `Role/${r.role.namespace ?? ""}/${r.role.name}` : `ClusterRole/${r.role.name}`;
  return {
    kind: "binding",
    binding,
    role,
    subject: subjectRef(r.subject),
    ...(r.aggregatedFrom ? { aggregatedFrom: `ClusterRole/${r.aggregatedFrom.clusterRole}` } : {}),
  };
}
