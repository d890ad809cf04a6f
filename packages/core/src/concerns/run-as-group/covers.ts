/**
 * Shadowing (`Concern.coversUnchanged`) for runAsGroup, and the group-strategy comparison fsGroup and
 * supplementalGroups share. Reasoning, for a pod `other` admits (its original form, before `other`'s
 * defaulting):
 * - `policy` RunAsAny (or runAsGroup omitted) never writes and never refuses: covers.
 * - `policy` MustRunAs writes a GID when the value is unset, and every strategy admits an unset value
 *   (RunAsAny/MayRunAs accept it, MustRunAs fills it): never covers.
 * - `policy` MayRunAs never writes and checks only set values: covers when every value `other` can
 *   admit is in `policy`'s ranges, i.e. `other` is MayRunAs/MustRunAs with ranges inside `policy`'s.
 */
import type { GroupStrategy, IdRange, PodSecurityPolicy } from "../../model/k8s-types.js";

/** Every integer in `inner` ranges lies in the union of `outer` ranges (both ends inclusive). */
export function rangesCovered(inner: readonly IdRange[], outer: readonly IdRange[]): boolean {
  const merged = [...outer].filter((r) => r.min <= r.max).sort((a, b) => a.min - b.min);
  return inner.every((r) => {
    if (r.min > r.max) return true; // empty range: nothing to cover
    let next = r.min; // smallest integer of r not yet shown covered
    for (const o of merged) {
      if (o.min > next) break;
      if (o.max >= next) next = o.max + 1;
      if (next > r.max) return true;
    }
    return next > r.max;
  });
}

export function groupStrategyCovers(
  policy: GroupStrategy | undefined | null,
  other: GroupStrategy | undefined | null,
): boolean {
  const rule = policy?.rule ?? "RunAsAny";
  if (rule === "RunAsAny") return true;
  if (rule !== "MayRunAs") return false;
  const otherRule = other?.rule ?? "RunAsAny";
  if (otherRule !== "MayRunAs" && otherRule !== "MustRunAs") return false;
  const inner = other?.ranges ?? [];
  // A ranges-less MayRunAs/MustRunAs is inert, so never compared; refuse rather than guess.
  if (inner.length === 0) return false;
  return rangesCovered(inner, policy?.ranges ?? []);
}

export function coversRunAsGroup(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return groupStrategyCovers(policy.spec.runAsGroup, other.spec.runAsGroup);
}
