import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

/** The API defaults `allowPrivilegeEscalation` to true; treat an undefaulted (absent) value the same. */
function pspAllows(psp: PodSecurityPolicy): boolean {
  return psp.spec.allowPrivilegeEscalation !== false;
}

/**
 * Defaulting, in provider.go's order: `defaultAllowPrivilegeEscalation` fills an unset container
 * value; then, if the PSP forbids escalation, a still-unset value becomes `false`.
 */
export function defaultPrivilegeEscalation(_pod: Pod, c: Container, psp: PodSecurityPolicy): void {
  const def = psp.spec.defaultAllowPrivilegeEscalation;
  if (def !== undefined && def !== null && c.securityContext?.allowPrivilegeEscalation == null) {
    c.securityContext ??= {};
    c.securityContext.allowPrivilegeEscalation = def;
  }
  if (!pspAllows(psp) && c.securityContext?.allowPrivilegeEscalation == null) {
    c.securityContext ??= {};
    c.securityContext.allowPrivilegeEscalation = false;
  }
}

/** With `allowPrivilegeEscalation: false` on the PSP, the container value must be exactly false. */
export function validatePrivilegeEscalation(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  if (pspAllows(psp)) return [];
  const value = ref.container.securityContext?.allowPrivilegeEscalation;
  if (value === false) return [];
  return [
    invalid(
      `${ref.path}.securityContext.allowPrivilegeEscalation`,
      value ?? null,
      "Allowing privilege escalation for containers is not allowed",
    ),
  ];
}

export function mayMutatePrivilegeEscalation(psp: PodSecurityPolicy): boolean {
  return psp.spec.defaultAllowPrivilegeEscalation != null || !pspAllows(psp);
}
