/**
 * ClusterRole aggregation, done here because the oracle runs no kube-controller-manager (whose
 * clusterroleaggregation controller normally fills `rules` of a role with an `aggregationRule`).
 * Deliberately independent of `src/rbac`: the oracle harness must not share code with what it checks.
 *
 * Controller behaviour reproduced: the aggregated role's rules are replaced by the de-duplicated
 * union of the rules of every other ClusterRole whose labels match any selector, visited in name
 * order. Aggregated roles can feed each other; the controller converges to the fixed point, so we
 * iterate until nothing changes.
 */
import { isDeepStrictEqual } from "node:util";

type Obj = Record<string, unknown>;

interface Selector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selectorMatches(sel: Selector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key] as string);
    const ok =
      e.operator === "In"
        ? inValues
        : e.operator === "NotIn"
          ? !inValues
          : e.operator === "Exists"
            ? has
            : e.operator === "DoesNotExist"
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const meta = (o: Obj) => (o.metadata ?? {}) as { name?: string; labels?: Record<string, string> };

/** Returns the RBAC objects with every aggregated ClusterRole's rules filled in and its aggregationRule removed. */
export function resolveAggregation(objects: readonly Obj[]): Obj[] {
  const clusterRoles = objects
    .filter((o) => o.kind === "ClusterRole")
    .sort((a, b) => byteCompare(String(meta(a).name), String(meta(b).name)));
  const rules = new Map<string, unknown[]>(
    clusterRoles.map((r) => [String(meta(r).name), (r.rules as unknown[]) ?? []]),
  );
  const aggregated = clusterRoles.filter((r) => r.aggregationRule);
  for (let round = 0; round <= clusterRoles.length; round++) {
    let changed = false;
    for (const role of aggregated) {
      const name = String(meta(role).name);
      const selectors = ((role.aggregationRule as { clusterRoleSelectors?: Selector[] }).clusterRoleSelectors ??
        []) as Selector[];
      const union: unknown[] = [];
      for (const other of clusterRoles) {
        const otherName = String(meta(other).name);
        if (otherName === name) continue;
        if (!selectors.some((s) => selectorMatches(s, meta(other).labels ?? {}))) continue;
        for (const rule of rules.get(otherName) ?? []) {
          if (!union.some((u) => isDeepStrictEqual(u, rule))) union.push(rule);
        }
      }
      if (!isDeepStrictEqual(union, rules.get(name))) {
        rules.set(name, union);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return objects.map((o) => {
    if (o.kind !== "ClusterRole" || !o.aggregationRule) return o;
    const { aggregationRule: _dropped, ...rest } = o;
    return { ...rest, rules: rules.get(String(meta(o).name)) ?? [] };
  });
}
