/**
 * Where the emitted constraints and mutators apply. Single-policy conversion: every namespace except
 * the exempt ones. (Whole-cluster conversion will add `namespaces` for namespace-scoped audiences.)
 */
import type { MutatorScope } from "./concern-emitter.js";

export type EnforcementAction = "deny" | "dryrun" | "warn";
export const ENFORCEMENT_ACTIONS: readonly EnforcementAction[] = ["deny", "dryrun", "warn"];

/** Gatekeeper installs itself here; exempt by default so a bad policy can never block Gatekeeper's own pods. */
export const DEFAULT_EXEMPT_NAMESPACES: readonly string[] = ["gatekeeper-system"];

export interface EmitScope {
  /** Only these namespaces (absent = all). */
  namespaces?: string[];
  /** Never these namespaces (sorted, unique). */
  excludedNamespaces: string[];
}

const POD_KINDS_CONSTRAINT = [{ apiGroups: [""], kinds: ["Pod"] }];

function namespaceFields(scope: EmitScope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (scope.namespaces !== undefined) out.namespaces = [...scope.namespaces].sort();
  if (scope.excludedNamespaces.length > 0) out.excludedNamespaces = [...scope.excludedNamespaces].sort();
  return out;
}

/** `spec.match` of a constraint. */
export function constraintMatch(scope: EmitScope): Record<string, unknown> {
  return { kinds: POD_KINDS_CONSTRAINT, ...namespaceFields(scope) };
}

/** The `MutatorScope` handed to the concern emitters (`scope: Namespaced`: pods are namespaced). */
export function mutatorScope(scope: EmitScope, namePrefix: string): MutatorScope {
  return {
    match: { scope: "Namespaced", kinds: POD_KINDS_CONSTRAINT, ...namespaceFields(scope) },
    namePrefix,
  };
}
