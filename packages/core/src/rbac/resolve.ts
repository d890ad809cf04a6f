/**
 * `resolveRbac`: RBAC objects → an `RbacModel` that answers who may `use` which PSP where
 * (psp-semantics.md §2). The model is built once; the authorizer answers from per-scope,
 * per-subject-key indexes, so a replay of many pods × PSPs costs a few map lookups per question.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../model/k8s-types.js";
import type { Authorizer, Identity } from "../psp/authorizer.js";
import { serviceAccountIdentity } from "../psp/authorizer.js";
import { aggregateClusterRoles, type EffectiveRule } from "./aggregation.js";
import { compareKeys, compareStrings, sortedUnique } from "./compare.js";
import { type CompiledGrant, compileBindings, roleEffectiveRules } from "./compile-bindings.js";
import { parseNamespaceServiceAccountsGroup, parseServiceAccountUsername, SYSTEM_MASTERS } from "./identity.js";
import { identityKeys, type SubjectKey } from "./subjects.js";
import type {
  Grant,
  GrantBasis,
  IdentityRole,
  Positioned,
  RbacInput,
  UsablePolicy,
  UsageQuery,
  UsageReason,
} from "./types.js";

export interface RbacModel {
  /** Answers admission's question (§2.1): may `identity` use `psp` for a pod in `namespace`? */
  authorizer: Authorizer;
  /** Every (psp, scope, subject, binding, role, rule) fact for the given PSP names, sorted. */
  grants(pspNames: readonly string[]): Grant[];
  /** The PSPs a pod request may use, sorted by name, each with every reason. */
  usablePolicies(query: UsageQuery, pspNames: readonly string[]): UsablePolicy[];
  /**
   * Service accounts of `namespace` that have grants of their own (subject ServiceAccount, or a User
   * subject spelled as the SA's username) for a pod there: cluster-wide, or by a RoleBinding in
   * `namespace`. Every other SA of the namespace only has what its groups give it.
   */
  serviceAccountsWithGrants(namespace: string, pspNames: readonly string[]): string[];
  /** Namespaces that hold a RoleBinding granting one of the PSPs. */
  namespacesWithNamespacedGrants(pspNames: readonly string[]): string[];
  /**
   * Namespaces that cluster-wide grants single out through their subject: a namespaced
   * ServiceAccount, or the group `system:serviceaccounts:<ns>`.
   */
  namespacesNamedByClusterGrants(pspNames: readonly string[]): string[];
  /** Problems found in the RBAC input (missing roles, ignored subjects, aggregation choices), sorted. */
  diagnostics: Diagnostic[];
}

/** What one scope grants to one subject key: every PSP, or the listed names. */
interface Access {
  all: boolean;
  names: Set<string>;
}

interface ScopeIndex {
  access: Map<SubjectKey, Access>;
  grants: Map<SubjectKey, CompiledGrant[]>;
}

const newScope = (): ScopeIndex => ({ access: new Map(), grants: new Map() });

function addToScope(scope: ScopeIndex, g: CompiledGrant): void {
  let access = scope.access.get(g.key);
  if (!access) {
    access = { all: false, names: new Set() };
    scope.access.set(g.key, access);
  }
  if (g.access.kind === "all") access.all = true;
  else for (const n of g.access.names) access.names.add(n);
  const list = scope.grants.get(g.key);
  if (list) list.push(g);
  else scope.grants.set(g.key, [g]);
}

const grantsPsp = (g: CompiledGrant, psp: string): boolean => g.access.kind === "all" || g.access.names.includes(psp);

const grantsAnyOf = (g: CompiledGrant, psps: ReadonlySet<string>): boolean =>
  g.access.kind === "all" ? psps.size > 0 : g.access.names.some((n) => psps.has(n));

/** Sort key of a grant basis: cluster before namespaces, then binding, subject, role, rule. */
function basisKey(b: GrantBasis): (string | number)[] {
  return [
    "cluster" in b.scope ? 0 : 1,
    "namespace" in b.scope ? b.scope.namespace : "",
    b.binding.kind,
    b.binding.namespace ?? "",
    b.binding.name,
    b.subject.kind,
    b.subject.namespace ?? "",
    b.subject.name,
    b.role.kind,
    b.role.namespace ?? "",
    b.role.name,
    b.ruleIndex,
  ];
}

const diagnosticKey = (d: Diagnostic): string[] => [
  d.resource ?? "",
  d.path ?? "",
  d.code,
  d.source?.file ?? "",
  String(d.source?.line ?? 0).padStart(9, "0"),
  d.message,
];

function objectRef(kind: string, meta: { name: string; namespace?: string }): string {
  return meta.namespace !== undefined ? `${kind}/${meta.namespace}/${meta.name}` : `${kind}/${meta.name}`;
}

/**
 * Keep the first object of each kind/namespace/name. The loader already refuses duplicates; this
 * only guards direct callers, since the API server could never hold two.
 */
function unique<T extends ClusterRole | Role | ClusterRoleBinding | RoleBinding>(
  entries: readonly Positioned<T>[],
  diagnostics: Diagnostic[],
): Positioned<T>[] {
  const seen = new Set<string>();
  const out: Positioned<T>[] = [];
  for (const e of entries) {
    const ref = objectRef(e.object.kind, e.object.metadata);
    if (seen.has(ref)) {
      diagnostics.push({
        level: "warning",
        code: "rbac-duplicate",
        resource: ref,
        message: "defined more than once; the first definition is used",
        ...(e.source ? { source: e.source } : {}),
      });
      continue;
    }
    seen.add(ref);
    out.push(e);
  }
  return out;
}

const byRef = <T extends ClusterRole | Role | ClusterRoleBinding | RoleBinding>(
  entries: readonly Positioned<T>[],
): Positioned<T>[] =>
  [...entries].sort((a, b) =>
    compareKeys(
      [a.object.metadata.namespace ?? "", a.object.metadata.name],
      [b.object.metadata.namespace ?? "", b.object.metadata.name],
    ),
  );

export function resolveRbac(input: RbacInput): RbacModel {
  const diagnostics: Diagnostic[] = [];
  // Sorting first makes duplicates and every derived order independent of the input order.
  const clusterRoles = unique(byRef(input.clusterRoles), diagnostics);
  const roles = unique(byRef(input.roles), diagnostics);
  const clusterRoleBindings = unique(byRef(input.clusterRoleBindings), diagnostics);
  const roleBindings = unique(byRef(input.roleBindings), diagnostics);

  const aggregation = aggregateClusterRoles(clusterRoles);
  diagnostics.push(...aggregation.diagnostics);
  const roleRules = new Map<string, EffectiveRule[]>(
    roles.map((r) => [`${r.object.metadata.namespace}/${r.object.metadata.name}`, roleEffectiveRules(r.object)]),
  );
  const compiled = compileBindings(clusterRoleBindings, roleBindings, {
    clusterRoleRules: (name) => aggregation.rules.get(name),
    roleRules: (ns, name) => roleRules.get(`${ns}/${name}`),
  });
  diagnostics.push(...compiled.diagnostics);
  diagnostics.sort((a, b) => compareKeys(diagnosticKey(a), diagnosticKey(b)));

  const cluster = newScope();
  const namespaced = new Map<string, ScopeIndex>();
  for (const g of compiled.grants) {
    if (g.namespace === undefined) addToScope(cluster, g);
    else {
      let scope = namespaced.get(g.namespace);
      if (!scope) {
        scope = newScope();
        namespaced.set(g.namespace, scope);
      }
      addToScope(scope, g);
    }
  }

  /** RBAC consults every ClusterRoleBinding and the RoleBindings of the request namespace (§2.2). */
  const scopesFor = (namespace: string): ScopeIndex[] => {
    const ns = namespaced.get(namespace);
    return ns ? [cluster, ns] : [cluster];
  };

  const authorizer: Authorizer = {
    canUse(identity: Identity, psp: string, namespace: string): boolean {
      if (identity.groups.includes(SYSTEM_MASTERS)) return true;
      const keys = identityKeys(identity);
      for (const scope of scopesFor(namespace)) {
        for (const key of keys) {
          const a = scope.access.get(key);
          if (a && (a.all || a.names.has(psp))) return true;
        }
      }
      return false;
    },
  };

  const reasonsFor = (
    role: IdentityRole,
    identity: Identity,
    namespace: string,
    psps: readonly string[],
    into: Map<string, UsageReason[]>,
  ): void => {
    const add = (psp: string, reason: UsageReason) => {
      const list = into.get(psp);
      if (list) list.push(reason);
      else into.set(psp, [reason]);
    };
    if (identity.groups.includes(SYSTEM_MASTERS)) {
      for (const psp of psps) add(psp, { identity: role, user: identity.user, via: "system:masters" });
    }
    // A group listed twice in `groups` must not double the reasons.
    for (const key of new Set(identityKeys(identity))) {
      for (const scope of scopesFor(namespace)) {
        for (const g of scope.grants.get(key) ?? []) {
          for (const psp of psps) {
            if (grantsPsp(g, psp)) add(psp, { identity: role, user: identity.user, via: "binding", ...g.basis });
          }
        }
      }
    }
  };

  const reasonKey = (r: UsageReason): (string | number)[] => [
    r.identity === "serviceAccount" ? 0 : 1,
    r.via === "system:masters" ? 0 : 1,
    ...(r.via === "binding" ? basisKey(r) : []),
  ];

  return {
    authorizer,
    diagnostics,

    grants(pspNames) {
      const psps = sortedUnique(pspNames);
      const out: Grant[] = [];
      for (const g of compiled.grants) {
        for (const psp of psps) if (grantsPsp(g, psp)) out.push({ psp, ...g.basis });
      }
      return out.sort((a, b) => compareKeys([a.psp, ...basisKey(a)], [b.psp, ...basisKey(b)]));
    },

    usablePolicies(query, pspNames) {
      const psps = sortedUnique(pspNames);
      const reasons = new Map<string, UsageReason[]>();
      // Admission builds the SA identity only for a non-empty serviceAccountName, and never
      // authorizes a missing requester (§2.1 point 4).
      if (query.serviceAccount) {
        reasonsFor(
          "serviceAccount",
          serviceAccountIdentity(query.namespace, query.serviceAccount),
          query.namespace,
          psps,
          reasons,
        );
      }
      if (query.user !== undefined) {
        reasonsFor("requester", { user: query.user, groups: query.groups ?? [] }, query.namespace, psps, reasons);
      }
      return [...reasons.keys()].sort(compareStrings).map((psp) => ({
        psp,
        reasons: (reasons.get(psp) ?? []).sort((a, b) => compareKeys(reasonKey(a), reasonKey(b))),
      }));
    },

    serviceAccountsWithGrants(namespace, pspNames) {
      const psps = new Set(pspNames);
      const names: string[] = [];
      for (const scope of scopesFor(namespace)) {
        for (const [key, list] of scope.grants) {
          const sa = key.startsWith("u:") ? parseServiceAccountUsername(key.slice(2)) : undefined;
          if (sa?.namespace === namespace && list.some((g) => grantsAnyOf(g, psps))) names.push(sa.name);
        }
      }
      return sortedUnique(names);
    },

    namespacesWithNamespacedGrants(pspNames) {
      const psps = new Set(pspNames);
      const out: string[] = [];
      for (const [ns, scope] of namespaced) {
        if ([...scope.grants.values()].some((list) => list.some((g) => grantsAnyOf(g, psps)))) out.push(ns);
      }
      return sortedUnique(out);
    },

    namespacesNamedByClusterGrants(pspNames) {
      const psps = new Set(pspNames);
      const out: string[] = [];
      for (const [key, list] of cluster.grants) {
        if (!list.some((g) => grantsAnyOf(g, psps))) continue;
        const ns = key.startsWith("u:")
          ? parseServiceAccountUsername(key.slice(2))?.namespace
          : parseNamespaceServiceAccountsGroup(key.slice(2));
        if (ns !== undefined) out.push(ns);
      }
      return sortedUnique(out);
    },
  };
}
