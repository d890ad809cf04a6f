/**
 * Shadowing for readOnlyRootFilesystem. Every PSP admits a container with the value unset (a PSP
 * requiring it fills `true`), and `policy` requiring it would write `true`: covers only when `policy`
 * does not require it.
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export function coversReadOnlyRootFilesystem(policy: PodSecurityPolicy, _other: PodSecurityPolicy): boolean {
  return policy.spec.readOnlyRootFilesystem !== true;
}
