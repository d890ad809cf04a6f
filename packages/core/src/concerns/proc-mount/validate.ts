import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

const DEFAULT_PROC_MOUNT = "Default";

/** The container's procMount must be in `allowedProcMountTypes` (`[Default]` when empty); unset = Default. */
export function validateProcMount(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const procMount = ref.container.securityContext?.procMount ?? DEFAULT_PROC_MOUNT;
  const allowed = psp.spec.allowedProcMountTypes?.length ? psp.spec.allowedProcMountTypes : [DEFAULT_PROC_MOUNT];
  if (allowed.includes(procMount)) return [];
  return [invalid(`${ref.path}.securityContext.procMount`, procMount, "ProcMountType is not allowed")];
}
