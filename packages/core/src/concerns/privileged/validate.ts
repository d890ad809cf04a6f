import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

/** `privileged: true` on a container needs a PSP with `privileged: true`; unset/false is always fine. */
export function validatePrivileged(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  if (ref.container.securityContext?.privileged === true && psp.spec.privileged !== true) {
    return [invalid(`${ref.path}.securityContext.privileged`, true, "Privileged containers are not allowed")];
  }
  return [];
}
