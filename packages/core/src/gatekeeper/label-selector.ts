/**
 * Kubernetes label selectors (`metav1.LabelSelectorAsSelector` + `labels.Selector.Matches`):
 * `matchLabels` and every `matchExpressions` requirement must hold. `In` needs the label with one of
 * the values, `NotIn` holds when the label is absent or has none of the values, `Exists` /
 * `DoesNotExist` test presence. An empty selector matches everything.
 */
import { isObject } from "./json.js";

/** Returns a problem description if the selector is malformed (Kubernetes would refuse it). */
export function labelSelectorProblem(selector: unknown): string | undefined {
  if (!isObject(selector)) return "must be an object";
  if (selector.matchLabels !== undefined) {
    if (!isObject(selector.matchLabels)) return "matchLabels must be a map of strings";
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (typeof v !== "string") return `matchLabels.${k} must be a string`;
    }
  }
  if (selector.matchExpressions !== undefined) {
    if (!Array.isArray(selector.matchExpressions)) return "matchExpressions must be a list";
    for (const [i, r] of selector.matchExpressions.entries()) {
      if (!isObject(r) || typeof r.key !== "string") return `matchExpressions[${i}].key must be a string`;
      const values = r.values;
      if (values !== undefined && (!Array.isArray(values) || values.some((v) => typeof v !== "string"))) {
        return `matchExpressions[${i}].values must be a list of strings`;
      }
      const n = Array.isArray(values) ? values.length : 0;
      switch (r.operator) {
        case "In":
        case "NotIn":
          if (n === 0) return `matchExpressions[${i}]: operator ${r.operator} needs at least one value`;
          break;
        case "Exists":
        case "DoesNotExist":
          if (n !== 0) return `matchExpressions[${i}]: operator ${r.operator} takes no values`;
          break;
        default:
          return `matchExpressions[${i}].operator must be In, NotIn, Exists or DoesNotExist`;
      }
    }
  }
  return undefined;
}

/** Whether `labels` satisfy a selector already checked with `labelSelectorProblem`. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, unknown> | undefined): boolean {
  if (!isObject(selector)) return false;
  const have = labels ?? {};
  const value = (k: string): string | undefined => (typeof have[k] === "string" ? (have[k] as string) : undefined);
  if (isObject(selector.matchLabels)) {
    for (const [k, v] of Object.entries(selector.matchLabels)) if (value(k) !== v) return false;
  }
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const r of expressions) {
    if (!isObject(r) || typeof r.key !== "string") return false;
    const v = value(r.key);
    const values = Array.isArray(r.values) ? (r.values as string[]) : [];
    switch (r.operator) {
      case "In":
        if (v === undefined || !values.includes(v)) return false;
        break;
      case "NotIn":
        if (v !== undefined && values.includes(v)) return false;
        break;
      case "Exists":
        if (v === undefined) return false;
        break;
      case "DoesNotExist":
        if (v !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
