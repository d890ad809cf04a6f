/**
 * Shadowing for supplementalGroups: RunAsAny covers; MustRunAs writes `[min]` into a nil list, which
 * every strategy admits (MustRunAs fills it), so never covers; MayRunAs covers MayRunAs/MustRunAs whose
 * ranges lie inside its own (an explicit `[]` is fine under MayRunAs). See run-as-group/covers.ts.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { groupStrategyCovers } from "../run-as-group/covers.js";

export function coversSupplementalGroups(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return groupStrategyCovers(policy.spec.supplementalGroups, other.spec.supplementalGroups);
}
