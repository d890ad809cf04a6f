import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";

/** `*` in allowedRuntimeClassNames allows any runtime class. */
export const ALLOW_ALL_RUNTIME_CLASS_NAMES = "*";

/** With a `runtimeClass` strategy and no pod value, the pod gets `defaultRuntimeClassName` (if any). */
export function defaultRuntimeClass(pod: Pod, psp: PodSecurityPolicy): void {
  const strategy = psp.spec.runtimeClass;
  if (!strategy || pod.spec.runtimeClassName != null) return;
  if (strategy.defaultRuntimeClassName != null) pod.spec.runtimeClassName = strategy.defaultRuntimeClassName;
}

/**
 * Only with a `runtimeClass` strategy: an unset pod value is always fine; a set one must be listed
 * (or `*` listed). Kubernetes reports it with an empty detail: `spec.runtimeClassName: Invalid value: "x"`.
 */
export function validateRuntimeClass(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const strategy = psp.spec.runtimeClass;
  const actual = pod.spec.runtimeClassName;
  if (!strategy || actual == null) return [];
  const allowed = strategy.allowedRuntimeClassNames ?? [];
  if (allowed.some((n) => n === ALLOW_ALL_RUNTIME_CLASS_NAMES || n === actual)) return [];
  return [invalid("spec.runtimeClassName", actual, "")];
}
