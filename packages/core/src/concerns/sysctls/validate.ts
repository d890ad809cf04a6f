import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, forbidden } from "../../psp/field-error.js";
import { matchesAnySysctlPattern, SAFE_SYSCTLS } from "./patterns.js";

/**
 * Each `spec.securityContext.sysctls[i].name`, in this order: forbidden (wins over everything, safe
 * ones included) → error; safe → fine; matches allowedUnsafeSysctls → fine; else error.
 * Names are compared as written: slash-separated spellings (`net/ipv4/...`, accepted by the API from
 * v1.23) are not normalised, as the ≥1.22 PSP code does not normalise them.
 * The path keeps Kubernetes' `pod.` prefix (field.NewPath("pod", "spec", "securityContext")).
 */
export function validateSysctls(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const errors: FieldError[] = [];
  (pod.spec.securityContext?.sysctls ?? []).forEach((sysctl, i) => {
    const path = `pod.spec.securityContext.sysctls[${i}]`;
    if (matchesAnySysctlPattern(sysctl.name, psp.spec.forbiddenSysctls)) {
      errors.push(forbidden(path, `sysctl ${JSON.stringify(sysctl.name)} is not allowed`));
    } else if (SAFE_SYSCTLS.includes(sysctl.name)) {
      // safe: allowed unless forbidden
    } else if (!matchesAnySysctlPattern(sysctl.name, psp.spec.allowedUnsafeSysctls)) {
      errors.push(forbidden(path, `unsafe sysctl ${JSON.stringify(sysctl.name)} is not allowed`));
    }
  });
  return errors;
}
