/**
 * Does one RBAC PolicyRule allow the request PSP admission makes: verb `use` on resource
 * `podsecuritypolicies` (no subresource) named P, in API group `policy` or `extensions`?
 *
 * Mirrors `pkg/apis/rbac/v1/evaluation_helpers.go` (VerbMatches, APIGroupMatches, ResourceMatches,
 * ResourceNameMatches) for exactly that request; psp-semantics.md §2.3. Every comparison is an exact,
 * case-sensitive string match; `*` is the only wildcard.
 */
import type { PolicyRule } from "../model/k8s-types.js";

/** Admission asks for `policy` first, then `extensions` (backward compatibility); either suffices. */
export const PSP_API_GROUPS = ["policy", "extensions"] as const;
export const PSP_RESOURCE = "podsecuritypolicies";
export const USE_VERB = "use";

/** Which PSPs a rule lets its subjects `use`: every PSP, some named ones, or none. */
export type RulePspAccess = { kind: "all" } | { kind: "named"; names: string[] } | { kind: "none" };

function verbMatches(rule: PolicyRule): boolean {
  return (rule.verbs ?? []).some((v) => v === "*" || v === USE_VERB);
}

function apiGroupMatches(rule: PolicyRule): boolean {
  // `""` is the core group and does not match; PSPs were never served from it.
  return (rule.apiGroups ?? []).some((g) => g === "*" || (PSP_API_GROUPS as readonly string[]).includes(g));
}

function resourceMatches(rule: PolicyRule): boolean {
  // The admission request has no subresource, so `podsecuritypolicies/*` and `*/x` never match
  // (Kubernetes only tries the `*/sub` form when a subresource was requested).
  return (rule.resources ?? []).some((r) => r === "*" || r === PSP_RESOURCE);
}

/**
 * What the rule grants for `use` of PSPs, independent of the PSP name. A rule with only
 * `nonResourceURLs` has no apiGroups/resources and therefore grants nothing here.
 */
export function rulePspAccess(rule: PolicyRule): RulePspAccess {
  if (!verbMatches(rule) || !apiGroupMatches(rule) || !resourceMatches(rule)) return { kind: "none" };
  const names = rule.resourceNames ?? [];
  // An empty resourceNames list means "every name" (ResourceNameMatches).
  if (names.length === 0) return { kind: "all" };
  return { kind: "named", names: [...new Set(names)] };
}

/** Does the rule allow `use` of the PSP named `psp`? */
export function ruleAllowsPspUse(rule: PolicyRule, psp: string): boolean {
  const access = rulePspAccess(rule);
  return access.kind === "all" || (access.kind === "named" && access.names.includes(psp));
}
