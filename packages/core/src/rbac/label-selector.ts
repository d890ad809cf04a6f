/**
 * Kubernetes label selectors (`metav1.LabelSelector`) as ClusterRole aggregation uses them:
 * `matchLabels` and `matchExpressions` are ANDed; an empty selector matches every object
 * (`LabelSelectorAsSelector` returns `labels.Everything()` for it).
 */
import type { LabelSelector, LabelSelectorRequirement } from "../model/k8s-types.js";

/** Why a selector cannot be turned into a Kubernetes selector (the API server would refuse it), or undefined. */
export function selectorProblem(selector: LabelSelector): string | undefined {
  for (const [i, req] of (selector.matchExpressions ?? []).entries()) {
    const values = req.values ?? [];
    switch (req.operator) {
      case "In":
      case "NotIn":
        if (values.length === 0) return `matchExpressions[${i}]: operator ${req.operator} needs at least one value`;
        break;
      case "Exists":
      case "DoesNotExist":
        if (values.length > 0) return `matchExpressions[${i}]: operator ${req.operator} takes no values`;
        break;
      default:
        return `matchExpressions[${i}]: unknown operator ${JSON.stringify(req.operator)} (want In, NotIn, Exists, DoesNotExist)`;
    }
  }
  return undefined;
}

function requirementMatches(req: LabelSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, req.key);
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return has && values.includes(labels[req.key] as string);
    case "NotIn":
      // A missing label is "not in" any set, as in Kubernetes.
      return !has || !values.includes(labels[req.key] as string);
    case "Exists":
      return has;
    case "DoesNotExist":
      return !has;
    default:
      return false;
  }
}

/**
 * Does `selector` select an object with `labels`? Callers check `selectorProblem` first; an invalid
 * selector matches nothing here, so a bad input can only narrow, never widen, what is aggregated.
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  if (selectorProblem(selector) !== undefined) return false;
  const l = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(l, key) || l[key] !== value) return false;
  }
  return (selector.matchExpressions ?? []).every((req) => requirementMatches(req, l));
}
