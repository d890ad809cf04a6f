/**
 * ClusterRole aggregation (psp-semantics.md §2.4), computed the way the kube-controller-manager's
 * clusterrole-aggregation controller does it, because manifests do not contain the rules the
 * controller would have written:
 *
 * - For each selector of `aggregationRule.clusterRoleSelectors`, in order, every other ClusterRole
 *   whose labels it selects, sorted by name, contributes its rules; duplicates (same verbs,
 *   apiGroups, resources, resourceNames, nonResourceURLs, in the same order) are kept once, first
 *   occurrence wins. The role itself is skipped. The result REPLACES the role's stored rules.
 * - The controller reads the *stored* rules of the roles it aggregates, so a chain (A aggregates B,
 *   B aggregates C) settles only after B was written. We iterate to a fixpoint, which is the state
 *   the controller converges to, whatever order it happened to process roles in.
 *
 * Choice for input we cannot tell apart (documented in README.md): an aggregated role that has
 * stored rules while NO other input role matches its selectors is most likely a live dump, where the
 * controller already filled `rules` and the source roles were not exported. Recomputing would wipe
 * its grants, so we trust the stored rules and say so with an info diagnostic. In every other case
 * hand-written rules on an aggregated role are ignored (info diagnostic when they differ).
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { ClusterRole, PolicyRule } from "../model/k8s-types.js";
import { compareStrings } from "./compare.js";
import { selectorMatches, selectorProblem } from "./label-selector.js";
import type { Positioned } from "./types.js";

/** A rule as the authorizer sees it on a role, with the ClusterRole whose own `rules` hold it. */
export interface EffectiveRule {
  rule: PolicyRule;
  /** The role that wrote the rule (itself for a non-aggregated role) and its index there. */
  origin: { clusterRole: string; ruleIndex: number };
}

export interface AggregationResult {
  /** Effective rules per ClusterRole name (every input ClusterRole has an entry). */
  rules: Map<string, EffectiveRule[]>;
  diagnostics: Diagnostic[];
}

/** Kubernetes compares rules with semantic deep-equality, where nil and empty lists are equal. */
function ruleKey(rule: PolicyRule): string {
  return JSON.stringify([
    rule.verbs ?? [],
    rule.apiGroups ?? [],
    rule.resources ?? [],
    rule.resourceNames ?? [],
    rule.nonResourceURLs ?? [],
  ]);
}

const ownRules = (role: ClusterRole): EffectiveRule[] =>
  (role.rules ?? []).map((rule, ruleIndex) => ({ rule, origin: { clusterRole: role.metadata.name, ruleIndex } }));

const sameRules = (a: readonly EffectiveRule[], b: readonly EffectiveRule[]): boolean =>
  a.length === b.length && a.every((r, i) => ruleKey(r.rule) === ruleKey((b[i] as EffectiveRule).rule));

interface Aggregator {
  entry: Positioned<ClusterRole>;
  /** Selectors that are valid, in their order. Invalid ones select nothing. */
  selectors: NonNullable<NonNullable<ClusterRole["aggregationRule"]>["clusterRoleSelectors"]>;
}

function resourceOf(role: ClusterRole): string {
  return `ClusterRole/${role.metadata.name}`;
}

/**
 * Effective rules of every ClusterRole. `clusterRoles` must have unique names (the caller drops
 * duplicates); their order does not matter.
 */
export function aggregateClusterRoles(clusterRoles: readonly Positioned<ClusterRole>[]): AggregationResult {
  const diagnostics: Diagnostic[] = [];
  const byName = [...clusterRoles].sort((a, b) => compareStrings(a.object.metadata.name, b.object.metadata.name));
  const current = new Map<string, EffectiveRule[]>();
  const computed: Aggregator[] = [];

  for (const entry of byName) {
    const role = entry.object;
    current.set(role.metadata.name, ownRules(role));
    // The controller only acts on roles whose aggregationRule is set (even `{}`, which yields no rules).
    if (role.aggregationRule == null) continue;
    const selectors: Aggregator["selectors"] = [];
    for (const [i, selector] of (role.aggregationRule.clusterRoleSelectors ?? []).entries()) {
      const problem = selectorProblem(selector);
      if (problem === undefined) {
        selectors.push(selector);
        continue;
      }
      diagnostics.push({
        level: "warning",
        code: "rbac-invalid-selector",
        message: `${problem}; the API server would refuse this selector, so it aggregates nothing here`,
        resource: resourceOf(role),
        path: `aggregationRule.clusterRoleSelectors[${i}]`,
        ...(entry.source ? { source: entry.source } : {}),
      });
    }
    const matchesAnother = byName.some(
      (other) =>
        other.object.metadata.name !== role.metadata.name &&
        selectors.some((s) => selectorMatches(s, other.object.metadata.labels)),
    );
    if (!matchesAnother && (role.rules ?? []).length > 0) {
      diagnostics.push({
        level: "info",
        code: "rbac-aggregation-stored-rules",
        message:
          "aggregated ClusterRole: no other ClusterRole in the input matches its selectors, so its stored rules are " +
          "trusted as filled in by the aggregation controller (live dump)",
        resource: resourceOf(role),
        path: "rules",
        ...(entry.source ? { source: entry.source } : {}),
      });
      continue;
    }
    computed.push({ entry, selectors });
    current.set(role.metadata.name, []);
  }

  settle(computed, byName, current, diagnostics);

  for (const { entry } of computed) {
    const role = entry.object;
    const stored = ownRules(role);
    const result = current.get(role.metadata.name) ?? [];
    if (stored.length > 0 && !sameRules(stored, result)) {
      diagnostics.push({
        level: "info",
        code: "rbac-aggregation-rules-ignored",
        message:
          "aggregated ClusterRole: its hand-written rules are ignored; the aggregation controller replaces them " +
          `with the ${result.length} rule(s) of the ClusterRoles its selectors match`,
        resource: resourceOf(role),
        path: "rules",
        ...(entry.source ? { source: entry.source } : {}),
      });
    }
  }
  return { rules: current, diagnostics };
}

/** One controller sync of `agg` against the current rules of all roles. */
function aggregateOnce(
  agg: Aggregator,
  byName: readonly Positioned<ClusterRole>[],
  current: Map<string, EffectiveRule[]>,
): EffectiveRule[] {
  const self = agg.entry.object.metadata.name;
  const out: EffectiveRule[] = [];
  const seen = new Set<string>();
  for (const selector of agg.selectors) {
    for (const other of byName) {
      const name = other.object.metadata.name;
      if (name === self || !selectorMatches(selector, other.object.metadata.labels)) continue;
      for (const r of current.get(name) ?? []) {
        const key = ruleKey(r.rule);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(r);
      }
    }
  }
  return out;
}

/**
 * Re-sync every aggregated role, in name order, until a full pass changes nothing. Rule sets only
 * grow from the empty start, so they settle within (number of aggregated roles + 1) passes; the
 * cap only guards the order of rules inside aggregation cycles, which cannot change what is granted.
 */
function settle(
  computed: readonly Aggregator[],
  byName: readonly Positioned<ClusterRole>[],
  current: Map<string, EffectiveRule[]>,
  diagnostics: Diagnostic[],
): void {
  const maxPasses = 2 * (computed.length + 2);
  for (let pass = 0; pass < maxPasses; pass++) {
    let changed = false;
    for (const agg of computed) {
      const name = agg.entry.object.metadata.name;
      const next = aggregateOnce(agg, byName, current);
      if (!sameRules(current.get(name) ?? [], next)) {
        current.set(name, next);
        changed = true;
      }
    }
    if (!changed) return;
  }
  diagnostics.push({
    level: "info",
    code: "rbac-aggregation-cycle",
    message:
      `aggregated ClusterRoles ${computed.map((a) => a.entry.object.metadata.name).join(", ")} select each other; ` +
      "their rules are complete but the order of rules may differ from the cluster's",
  });
}
