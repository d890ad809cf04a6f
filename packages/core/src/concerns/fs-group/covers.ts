/**
 * Shadowing for fsGroup (pod level): RunAsAny covers; MustRunAs writes into an unset fsGroup, which
 * every strategy admits, so never covers; MayRunAs covers MayRunAs/MustRunAs with ranges inside its own.
 * See run-as-group/covers.ts for the shared reasoning.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";
import { groupStrategyCovers } from "../run-as-group/covers.js";

export function coversFsGroup(policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean {
  return groupStrategyCovers(policy.spec.fsGroup, other.spec.fsGroup);
}
