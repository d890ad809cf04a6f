/**
 * runAsGroup validation of one container's effective value with the shared group strategy.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { FieldError } from "../../psp/field-error.js";
import { type ContainerRef, effective } from "../../psp/security-context.js";
import { validateGroups } from "../shared/group-strategy.js";

export function validateRunAsGroup(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const gid = effective(pod, ref.container, "runAsGroup");
  // Kubernetes passes the securityContext path itself (not `.runAsGroup`) to the group strategy
  // (provider.go validateContainer), so its errors read `...securityContext: Invalid value: []int64{...}`.
  return validateGroups(`${ref.path}.securityContext`, psp.spec.runAsGroup, gid === undefined ? [] : [gid]);
}
