/**
 * One PSP applied to one pod — Kubernetes' `simpleProvider` (pkg/security/podsecuritypolicy/provider.go)
 * as composed from the concerns: on a deep copy, pod-level defaulting of every concern, then
 * container-level defaulting for each container (init, regular, ephemeral), then validation of the
 * whole pod: pod-level checks first, then every container's checks in container order.
 */
import { CONCERNS, POD_LEVEL_ORDER } from "../concerns/index.js";
import type { Pod, PodSecurityPolicy } from "../model/k8s-types.js";
import type { FieldError } from "./field-error.js";
import { deepCopy, semanticEqual } from "./plain-data.js";
import { containersOf } from "./security-context.js";

export interface ProviderOutcome {
  /** The defaulted copy (validated as is). */
  pod: Pod;
  errors: FieldError[];
  /** Did defaulting change the pod (semantic deep-equal of the whole object)? */
  mutated: boolean;
}

/** MutatePod: pod-level defaults, then container-level defaults per container. Mutates `pod`. */
export function mutatePod(pod: Pod, psp: PodSecurityPolicy): void {
  for (const c of POD_LEVEL_ORDER) c.defaultPod?.(pod, psp);
  for (const ref of containersOf(pod)) {
    for (const c of CONCERNS) c.defaultContainer?.(pod, ref.container, psp);
  }
}

/** ValidatePod: pod-level checks of every concern, then each container's checks. */
export function validatePod(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const errors: FieldError[] = [];
  for (const c of POD_LEVEL_ORDER) {
    const errs = c.validatePod?.(pod, psp);
    if (errs?.length) errors.push(...errs);
  }
  for (const ref of containersOf(pod)) {
    for (const c of CONCERNS) {
      const errs = c.validateContainer?.(pod, ref, psp);
      if (errs?.length) errors.push(...errs);
    }
  }
  return errors;
}

/** Default then validate a deep copy of `pod` under `psp` (the input pod is never touched). */
export function applyPolicy(pod: Pod, psp: PodSecurityPolicy): ProviderOutcome {
  const copy = deepCopy(pod);
  mutatePod(copy, psp);
  const errors = validatePod(copy, psp);
  return { pod: copy, errors, mutated: !semanticEqual(pod, copy) };
}
