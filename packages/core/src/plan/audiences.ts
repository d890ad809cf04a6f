/**
 * Audiences: who may use which PSP, per namespace (psp-semantics.md §2). A pod request may use a PSP
 * when RBAC lets its service account (`system:serviceaccount:<ns>:<sa>`, groups `system:serviceaccounts`
 * and `system:serviceaccounts:<ns>`) or its requester `use` the PSP in the pod's namespace. From the
 * grants we derive, for one namespace, per PSP, the `UsableBy` sets a Gatekeeper constraint can test:
 * the pod's `spec.serviceAccountName`, and the request's `userInfo.username` / `userInfo.groups`.
 *
 * Namespaces that no grant singles out (no RoleBinding there, no subject naming them) all have the
 * same audience as "every other namespace" (the default audience: cluster-wide grants only), so only
 * the singled-out ones are computed one by one.
 */

import { compareBytewise } from "../psp/selection.js";
import {
  ALL_SERVICE_ACCOUNTS,
  ANONYMOUS_USER,
  parseNamespaceServiceAccountsGroup,
  parseServiceAccountUsername,
  SYSTEM_AUTHENTICATED,
  SYSTEM_MASTERS,
  SYSTEM_UNAUTHENTICATED,
  serviceAccountUsername,
} from "../rbac/identity.js";
import type { Grant } from "../rbac/types.js";

/**
 * Who may use one PSP for pods in one namespace. Same shape as the policy-set constraint's
 * `usableBy` parameter.
 */
export interface UsableBy {
  /** Every service account of the namespace (group `system:serviceaccounts` or `system:serviceaccounts:<ns>`). */
  allServiceAccounts: boolean;
  /** Service-account names of the namespace, as the pod's `spec.serviceAccountName`. */
  serviceAccounts: string[];
  /** Requesting usernames (incl. service accounts sending the request, `system:serviceaccount:<ns>:<name>`). */
  users: string[];
  /** Requesting groups. */
  groups: string[];
  /**
   * Requests sent by any service account of this same namespace (the group
   * `system:serviceaccounts:<this namespace>`), kept apart from `groups` so that namespaces which each
   * grant their own service accounts the same way have equal audiences and share one group.
   */
  ownNamespaceRequesters?: boolean;
}

export interface PolicyAccess {
  psp: string;
  usableBy: UsableBy;
  /** The grants that give it, `Kind/[ns/]name` of the bindings, sorted. */
  bindings: string[];
}

/** One namespace's (or the default's) ordered policy list. */
export interface Audience {
  /** null: every namespace no grant singles out. */
  namespace: string | null;
  /** PSPs someone other than system:masters may use here, in PSP order (bytewise by name). */
  policies: PolicyAccess[];
}

export const emptyUsableBy = (): UsableBy => ({
  allServiceAccounts: false,
  serviceAccounts: [],
  users: [],
  groups: [],
});

export function bindingRef(g: Grant): string {
  return g.binding.namespace
    ? `${g.binding.kind}/${g.binding.namespace}/${g.binding.name}`
    : `${g.binding.kind}/${g.binding.name}`;
}

/** Does this grant apply to pods in `namespace` (null: a namespace no grant names)? */
function appliesIn(g: Grant, namespace: string | null): boolean {
  if ("cluster" in g.scope) return true;
  return namespace !== null && g.scope.namespace === namespace;
}

/** Adds what one grant gives in `namespace` to `u`. */
function addGrant(u: UsableBy, g: Grant, namespace: string | null): void {
  const s = g.subject;
  if (s.kind === "ServiceAccount") {
    const ns = s.namespace ?? "";
    // As the pod's own SA only in its namespace; as a requester (a controller, a CI bot) anywhere the grant applies.
    if (ns === namespace) u.serviceAccounts.push(s.name);
    u.users.push(serviceAccountUsername(ns, s.name));
    return;
  }
  if (s.kind === "User") {
    const sa = parseServiceAccountUsername(s.name);
    if (sa && sa.namespace === namespace) u.serviceAccounts.push(sa.name);
    u.users.push(s.name);
    return;
  }
  // Group.
  if (s.name === ALL_SERVICE_ACCOUNTS) u.allServiceAccounts = true;
  const nsGroup = parseNamespaceServiceAccountsGroup(s.name);
  if (nsGroup !== undefined && nsGroup === namespace) {
    // Every pod's SA here, and any SA of this namespace as a requester: written without the name.
    u.allServiceAccounts = true;
    u.ownNamespaceRequesters = true;
    return;
  }
  u.groups.push(s.name);
}

const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort(compareBytewise);

export function normalizeUsableBy(u: UsableBy): UsableBy {
  // Every authenticated requester carries system:authenticated, so next to it only identities that can
  // lack it still add something: the anonymous user and the unauthenticated group.
  const everyone = u.groups.includes(SYSTEM_AUTHENTICATED);
  // Every requesting service account (system:serviceaccounts) or everyone includes this namespace's.
  const ownNamespace = u.ownNamespaceRequesters === true && !everyone && !u.groups.includes(ALL_SERVICE_ACCOUNTS);
  return {
    allServiceAccounts: u.allServiceAccounts,
    // With every SA allowed, naming some adds nothing.
    serviceAccounts: u.allServiceAccounts ? [] : sortedUnique(u.serviceAccounts),
    users: sortedUnique(everyone ? u.users.filter((x) => x === ANONYMOUS_USER) : u.users),
    groups: sortedUnique(
      everyone ? u.groups.filter((x) => x === SYSTEM_AUTHENTICATED || x === SYSTEM_UNAUTHENTICATED) : u.groups,
    ),
    ...(ownNamespace ? { ownNamespaceRequesters: true } : {}),
  };
}

/**
 * The audience of `namespace` from the grants of the (non-inert) PSPs. Grants to `system:masters` are
 * left out: its members may use every PSP anyway, which the converter handles once for all.
 */
export function audienceOf(grants: readonly Grant[], namespace: string | null): Audience {
  const byPsp = new Map<string, { usableBy: UsableBy; bindings: Set<string> }>();
  for (const g of grants) {
    if (g.subject.kind === "Group" && g.subject.name === SYSTEM_MASTERS) continue;
    if (!appliesIn(g, namespace)) continue;
    let entry = byPsp.get(g.psp);
    if (!entry) {
      entry = { usableBy: emptyUsableBy(), bindings: new Set() };
      byPsp.set(g.psp, entry);
    }
    addGrant(entry.usableBy, g, namespace);
    entry.bindings.add(bindingRef(g));
  }
  const policies = [...byPsp.entries()]
    .sort(([a], [b]) => compareBytewise(a, b))
    .map(([psp, e]) => ({ psp, usableBy: normalizeUsableBy(e.usableBy), bindings: [...e.bindings].sort() }));
  return { namespace, policies };
}

/**
 * Namespaces whose audience may differ from the default one: those with a RoleBinding granting a
 * PSP, and those a cluster-wide grant names through its subject (a namespaced service account, the
 * group `system:serviceaccounts:<ns>`, a user spelled as a service account).
 */
export function singledOutNamespaces(grants: readonly Grant[]): string[] {
  const out = new Set<string>();
  for (const g of grants) {
    if (g.subject.kind === "Group" && g.subject.name === SYSTEM_MASTERS) continue;
    if ("namespace" in g.scope) out.add(g.scope.namespace);
    const s = g.subject;
    if (s.kind === "ServiceAccount" && s.namespace) out.add(s.namespace);
    if (s.kind === "User") {
      const sa = parseServiceAccountUsername(s.name);
      if (sa) out.add(sa.namespace);
    }
    if (s.kind === "Group") {
      const ns = parseNamespaceServiceAccountsGroup(s.name);
      if (ns !== undefined) out.add(ns);
    }
  }
  return [...out].sort(compareBytewise);
}

/** Does this access reach every pod of the namespace, whoever creates it? */
export function reachesEveryPod(u: UsableBy): boolean {
  // Real clusters always set spec.serviceAccountName (the ServiceAccount admission plugin runs before PSP),
  // and every request that may create pods is authenticated.
  return u.allServiceAccounts || u.groups.includes(SYSTEM_AUTHENTICATED);
}

/** Is `a` usable by everyone `b` is usable by? */
export function usableBySuperset(a: UsableBy, b: UsableBy): boolean {
  if (reachesEveryPod(a)) return true;
  const sasCovered =
    a.allServiceAccounts || (!b.allServiceAccounts && b.serviceAccounts.every((s) => a.serviceAccounts.includes(s)));
  const ownCovered =
    !b.ownNamespaceRequesters || a.ownNamespaceRequesters === true || a.groups.includes(ALL_SERVICE_ACCOUNTS);
  return (
    sasCovered && ownCovered && b.users.every((x) => a.users.includes(x)) && b.groups.every((x) => a.groups.includes(x))
  );
}

/** A canonical key of an audience's policy list (namespace left out), to group namespaces. */
export function audienceKey(a: Audience): string {
  return JSON.stringify(a.policies.map((p) => [p.psp, p.usableBy]));
}
