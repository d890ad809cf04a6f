import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";

/**
 * hostPID / hostIPC: a pod asking for the host namespace needs a PSP that allows it; the PSP
 * allowing it does not require it. The path is the internal-API one Kubernetes reports
 * (`spec.securityContext.hostPID`: the internal Pod keeps these in its security context).
 */
export function validateHostNamespaces(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const errors: FieldError[] = [];
  if (pod.spec.hostPID === true && psp.spec.hostPID !== true) {
    errors.push(invalid("spec.securityContext.hostPID", true, "Host PID is not allowed to be used"));
  }
  if (pod.spec.hostIPC === true && psp.spec.hostIPC !== true) {
    errors.push(invalid("spec.securityContext.hostIPC", true, "Host IPC is not allowed to be used"));
  }
  return errors;
}
