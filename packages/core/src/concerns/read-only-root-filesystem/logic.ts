import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

/** A PSP requiring a read-only root filesystem fills an unset container value with `true`. */
export function defaultReadOnlyRootFilesystem(_pod: Pod, c: Container, psp: PodSecurityPolicy): void {
  if (psp.spec.readOnlyRootFilesystem === true && c.securityContext?.readOnlyRootFilesystem == null) {
    c.securityContext ??= {};
    c.securityContext.readOnlyRootFilesystem = true;
  }
}

export function validateReadOnlyRootFilesystem(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  if (psp.spec.readOnlyRootFilesystem !== true) return [];
  const path = `${ref.path}.securityContext.readOnlyRootFilesystem`;
  const value = ref.container.securityContext?.readOnlyRootFilesystem;
  if (value == null) return [invalid(path, null, "ReadOnlyRootFilesystem may not be nil and must be set to true")];
  if (value === false) return [invalid(path, false, "ReadOnlyRootFilesystem must be set to true")];
  return [];
}
