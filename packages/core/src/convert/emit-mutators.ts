/**
 * Mutators per mutation choice. Groups whose mutation plan picks the same PSP share one set of mutators
 * whose scope is the union of theirs: when the default group is among them, every namespace except the
 * exempt ones and the namespaces of groups with another choice (so namespaces created later get the
 * defaults); otherwise exactly the listed namespaces. One set per PSP keeps the output small and
 * readable (a `restricted` default written once, not once per namespace group).
 *
 * Where the choice is not exactly PSP's (some pods of the groups would have been admitted unchanged, or
 * with another PSP's defaults), the mutators skip pods labelled `psp2gk.io/skip-defaults` (any value):
 * the owners of such workloads (e.g. a privileged DaemonSet) can opt out. That is safe — the constraints
 * never rely on the mutators: a pod without the defaults is admitted only if a PSP it may use admits
 * it unchanged, which is also what PSP preferred.
 */
import type { ConcernEmitter } from "../emit/concern-emitter.js";
import { collectMutators } from "../emit/mutators.js";
import { resourceName } from "../emit/names.js";
import type { EmitScope } from "../emit/scope.js";
import type { Finding } from "../model/findings.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import type { NamespaceGroup } from "../plan/plan.js";
import { compareBytewise } from "../psp/selection.js";

/** Pods carrying this label (any value) are not defaulted by mutators whose choice is not exact. */
export const SKIP_DEFAULTS_LABEL = "psp2gk.io/skip-defaults";
const SKIP_DEFAULTS_SELECTOR = { matchExpressions: [{ key: SKIP_DEFAULTS_LABEL, operator: "DoesNotExist" }] };

export interface EmittedMutatorSets {
  mutators: Record<string, unknown>[];
  /** `Kind/name` → concern. */
  concernOf: Map<string, string>;
  findings: Finding[];
  /** Group id → names of the mutators that apply to it. */
  byGroup: Map<string, string[]>;
}

const nameOf = (o: Record<string, unknown>): string =>
  String((o.metadata as { name?: unknown } | undefined)?.name ?? "");

export function emitMutatorSets(
  groups: readonly NamespaceGroup[],
  psps: ReadonlyMap<string, PodSecurityPolicy>,
  emitters: readonly ConcernEmitter[],
): EmittedMutatorSets {
  const out: EmittedMutatorSets = { mutators: [], concernOf: new Map(), findings: [], byGroup: new Map() };
  const byPsp = new Map<string, NamespaceGroup[]>();
  for (const g of groups) {
    out.byGroup.set(g.id, []);
    if (!g.mutation.psp) continue;
    byPsp.set(g.mutation.psp, [...(byPsp.get(g.mutation.psp) ?? []), g]);
  }
  for (const [name, members] of [...byPsp.entries()].sort(([a], [b]) => compareBytewise(a, b))) {
    const psp = psps.get(name);
    if (!psp) continue;
    const withDefault = members.find((g) => g.namespaces === null);
    let scope: EmitScope;
    let prefix: string;
    if (withDefault) {
      const shared = new Set(members.flatMap((g) => g.namespaces ?? []));
      scope = { excludedNamespaces: withDefault.excludedNamespaces.filter((ns) => !shared.has(ns)) };
      prefix = name;
    } else {
      scope = {
        namespaces: [...new Set(members.flatMap((g) => g.namespaces ?? []))].sort(compareBytewise),
        excludedNamespaces: [],
      };
      // Named after the first group, like groups are named after their first namespace.
      const more = members.length > 1 ? [`plus-${members.length - 1}`] : [];
      prefix = resourceName(name, (members[0] as NamespaceGroup).id, ...more);
    }
    const collected = collectMutators(emitters, psp, scope, prefix);
    if (members.some((g) => !g.mutation.exact)) {
      for (const m of collected.mutators) {
        const spec = m.spec as { match: Record<string, unknown> };
        spec.match = { ...spec.match, labelSelector: SKIP_DEFAULTS_SELECTOR };
      }
    }
    out.mutators.push(...collected.mutators);
    for (const [k, v] of collected.concernOf) out.concernOf.set(k, v);
    out.findings.push(...collected.findings);
    for (const g of members) out.byGroup.set(g.id, collected.mutators.map(nameOf).sort(compareBytewise));
  }
  return out;
}
