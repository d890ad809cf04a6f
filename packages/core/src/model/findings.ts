/**
 * Findings: what the converter has to tell the user about its output — every place the translation
 * is not exact, every security-relevant fact it noticed. Codes are stable (documented in docs/findings.md)
 * so users can grep, suppress and diff them.
 */
export type FindingLevel = "error" | "warning" | "info";

export interface Finding {
  /** Stable code, kebab-case, e.g. `mutation-not-on-update`, `approximation-stricter`. */
  code: string;
  level: FindingLevel;
  /** One or two sentences: what differs, and which pods are affected. */
  message: string;
  /** PSP name(s) concerned. */
  psps?: string[];
  /** Concern folder name, e.g. `run-as-user`. */
  concern?: string;
  /** Other objects involved, as `Kind/namespace/name` or `Kind/name`. */
  objects?: string[];
  /** One line: what the user can do about it. */
  hint?: string;
  /**
   * Where it applies, when only to some namespaces: `namespaces` (exactly these) or
   * `excludedNamespaces` (every namespace but these) — a namespace group's scope. Absent: everywhere.
   * `verify` uses it to explain a disagreement only with findings about the pod's namespace.
   */
  scope?: FindingScope;
}

export interface FindingScope {
  namespaces?: string[];
  excludedNamespaces?: string[];
}

/** Does the finding apply to pods in `namespace`? */
export function findingAppliesTo(f: Finding, namespace: string): boolean {
  if (!f.scope) return true;
  if (f.scope.namespaces) return f.scope.namespaces.includes(namespace);
  return !(f.scope.excludedNamespaces ?? []).includes(namespace);
}

const LEVEL_ORDER: Record<FindingLevel, number> = { error: 0, warning: 1, info: 2 };

/** Deterministic order: level, code, then message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}
