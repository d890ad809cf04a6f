/**
 * Planning: Bundle → namespace groups, each with its audience (who may use which PSP), the policies
 * left after shadowing, the output style and the mutation choice. Pure; deterministic.
 *
 * Grouping and scoping (issue "Whole-cluster conversion"): every namespace no grant singles out has the
 * default audience (cluster-wide grants only); the default group is matched with `excludedNamespaces`
 * (the other groups' namespaces and the exempt ones) so namespaces created later stay covered. Singled-out
 * namespaces with the same audience share one group, matched with `namespaces`. A singled-out namespace
 * whose audience equals the default one simply stays in the default group.
 *
 * Style per group:
 * - `per-field`: exactly one policy is left after shadowing and every service account may use it — the
 *   readable per-concern constraints of that PSP are exact (a grant to system:authenticated alone is
 *   not: it leaves out unauthenticated requests, so it stays a policy set);
 * - `policy-set`: anything else where some policy is usable — one Psp2gkPolicySet constraint carrying the
 *   ordered policies and who may use each; it admits a pod iff one usable policy admits it;
 * - `uncovered`: nobody but system:masters may use any PSP here: PSP denied every pod
 *   (`--on-uncovered deny`: a policy-set constraint offering the PSPs to system:masters only).
 */
import type { ConcernEmitter } from "../emit/concern-emitter.js";
import type { Bundle } from "../model/bundle.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { compareBytewise } from "../psp/selection.js";
import type { RbacModel } from "../rbac/resolve.js";
import type { Grant } from "../rbac/types.js";
import {
  type Audience,
  audienceKey,
  audienceOf,
  type PolicyAccess,
  reachesEveryPod,
  singledOutNamespaces,
} from "./audiences.js";
import { chooseMutation, type MutationChoice, type MutationMode } from "./mutation-plan.js";
import { hasDefaults } from "./policy-traits.js";
import { type ShadowedPolicy, simplifyAudience } from "./simplify.js";

export type OutputStyle = "auto" | "per-field" | "policy-set";
export type OnUncovered = "deny" | "report";

export interface PlanOptions {
  style: OutputStyle;
  mutation: MutationMode;
  /** Namespaces neither validated nor mutated (sorted). */
  exempt: readonly string[];
  emitters: readonly ConcernEmitter[];
}

export type GroupStyle = "per-field" | "policy-set" | "uncovered";

export interface NamespaceGroup {
  /** `default`, or `ns-<first namespace>[-plus-<n>]`: part of the emitted resource names. */
  id: string;
  /** null for the default group (every namespace not in another group and not exempt). */
  namespaces: string[] | null;
  /** The default group's `excludedNamespaces` (other groups' namespaces + exempt); [] otherwise. */
  excludedNamespaces: string[];
  /** Input namespaces (Namespace objects, pods, service accounts, bindings) that fall in this group. */
  knownNamespaces: string[];
  /** Every PSP someone other than system:masters may use here, in PSP order. */
  audience: PolicyAccess[];
  /** Policies dropped because another usable policy shadows them. */
  shadowed: ShadowedPolicy[];
  /** `audience` minus `shadowed`. */
  effective: PolicyAccess[];
  style: GroupStyle;
  /** per-field: the PSPs whose per-concern constraints are emitted (one when exact; more when forced). */
  perField: string[];
  mutation: MutationChoice;
}

export interface Plan {
  groups: NamespaceGroup[];
  /** Non-inert PSPs by name. */
  psps: Map<string, PodSecurityPolicy>;
  /** Grants of the non-inert PSPs (system:masters grants left out). */
  grants: Grant[];
}

/** Every namespace the input mentions. */
export function inputNamespaces(bundle: Bundle, grants: readonly Grant[]): string[] {
  const out = new Set<string>();
  for (const n of bundle.namespaces) out.add(n.object.metadata.name);
  for (const p of bundle.pods) if (p.object.metadata.namespace) out.add(p.object.metadata.namespace);
  for (const w of bundle.workloads) {
    const ns = (w.object as { metadata?: { namespace?: string } }).metadata?.namespace;
    if (ns) out.add(ns);
  }
  for (const s of bundle.serviceAccounts) if (s.object.metadata.namespace) out.add(s.object.metadata.namespace);
  for (const r of bundle.roleBindings) if (r.object.metadata.namespace) out.add(r.object.metadata.namespace);
  for (const ns of singledOutNamespaces(grants)) out.add(ns);
  return [...out].sort(compareBytewise);
}

function groupId(namespaces: readonly string[]): string {
  const first = namespaces[0] ?? "none";
  return namespaces.length === 1 ? `ns-${first}` : `ns-${first}-plus-${namespaces.length - 1}`;
}

function decideStyle(
  effective: readonly PolicyAccess[],
  options: PlanOptions,
): { style: GroupStyle; perField: string[] } {
  if (effective.length === 0) return { style: "uncovered", perField: [] };
  const everyPod = effective.filter((p) => reachesEveryPod(p.usableBy));
  // Exact only through every service account: a grant to system:authenticated alone leaves out pods sent
  // by unauthenticated requests (PSP denied them), which per-field constraints cannot tell apart.
  const exact = effective.length === 1 && effective[0]?.usableBy.allServiceAccounts === true;
  if (options.style === "policy-set") return { style: "policy-set", perField: [] };
  if (options.style === "per-field") {
    // Forced: every policy all pods may use, intersected (stricter than PSP's union; reported). Where no
    // policy reaches every pod, per-field constraints would admit pods PSP denied (those of nobody's
    // grants): fail closed, keep the policy set there (reported too).
    if (everyPod.length === 0) return { style: "policy-set", perField: [] };
    return { style: "per-field", perField: everyPod.map((p) => p.psp) };
  }
  return exact
    ? { style: "per-field", perField: [effective[0]?.psp as string] }
    : { style: "policy-set", perField: [] };
}

export function planConversion(
  bundle: Bundle,
  rbac: RbacModel,
  psps: ReadonlyMap<string, PodSecurityPolicy>,
  options: PlanOptions,
): Plan {
  const names = [...psps.keys()];
  const grants = rbac.grants(names);
  const exempt = new Set(options.exempt);
  const defaultsCache = new Map<string, boolean>();
  const defaults = (name: string): boolean => {
    let v = defaultsCache.get(name);
    if (v === undefined) {
      const p = psps.get(name);
      v = p ? hasDefaults(p, options.emitters) : false;
      defaultsCache.set(name, v);
    }
    return v;
  };

  const known = inputNamespaces(bundle, grants).filter((ns) => !exempt.has(ns));
  const defaultAudience = audienceOf(grants, null);
  const defaultKey = audienceKey(defaultAudience);
  const bySignature = new Map<string, { audience: Audience; namespaces: string[] }>();
  const defaultMembers: string[] = [];
  const singled = new Set(singledOutNamespaces(grants));
  for (const ns of known) {
    if (!singled.has(ns)) {
      defaultMembers.push(ns);
      continue;
    }
    const audience = audienceOf(grants, ns);
    const key = audienceKey(audience);
    if (key === defaultKey) {
      defaultMembers.push(ns);
      continue;
    }
    const entry = bySignature.get(key);
    if (entry) entry.namespaces.push(ns);
    else bySignature.set(key, { audience, namespaces: [ns] });
  }

  const build = (
    id: string,
    namespaces: string[] | null,
    excluded: string[],
    knownNamespaces: string[],
    audience: Audience,
  ): NamespaceGroup => {
    const { effective, shadowed } = simplifyAudience(audience.policies, psps);
    const { style, perField } = decideStyle(effective, options);
    const mutationPolicies =
      style === "per-field"
        ? effective.filter((p) => perField.includes(p.psp))
        : style === "uncovered"
          ? []
          : effective;
    const mutation = chooseMutation(mutationPolicies, psps, defaults, options.mutation);
    return {
      id,
      namespaces,
      excludedNamespaces: excluded,
      knownNamespaces,
      audience: audience.policies,
      shadowed,
      effective,
      style,
      perField,
      mutation,
    };
  };

  const others = [...bySignature.values()]
    .map((e) => ({ ...e, namespaces: [...e.namespaces].sort(compareBytewise) }))
    .sort((a, b) => compareBytewise(a.namespaces[0] as string, b.namespaces[0] as string));
  const otherNamespaces = others.flatMap((e) => e.namespaces);
  const groups: NamespaceGroup[] = [
    build(
      "default",
      null,
      [...new Set([...otherNamespaces, ...exempt])].sort(compareBytewise),
      defaultMembers,
      defaultAudience,
    ),
    ...others.map((e) => build(groupId(e.namespaces), e.namespaces, [], e.namespaces, e.audience)),
  ];
  return { groups, psps: new Map(psps), grants };
}
