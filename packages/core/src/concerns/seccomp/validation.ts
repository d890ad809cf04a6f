/**
 * seccomp validation (`seccomp/strategy.go ValidatePod`/`ValidateContainer`): the pod profile and
 * every container's profile are checked separately, so a pod annotation is checked even when every
 * container overrides it.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, forbidden } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";
import { annotationErrorPath } from "../shared/annotations.js";
import { profileAllowed, type SeccompPolicy, seccompPolicy } from "./policy.js";
import { containerAnnotationKey, containerProfile, POD_ANNOTATION, podProfile } from "./profiles.js";

function checkProfile(path: string, policy: SeccompPolicy, profile: string): FieldError[] {
  // Without an allowed list any non-empty profile is refused outright (a list of only `*` allows all).
  if (!policy.allowAny && (policy.allowed?.size ?? 0) === 0 && profile !== "") {
    return [forbidden(path, "seccomp may not be set")];
  }
  if (!profileAllowed(policy, profile)) {
    return [forbidden(path, `${profile} is not an allowed seccomp profile. Valid values are ${policy.allowedText}`)];
  }
  return [];
}

export function validatePodSeccomp(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  return checkProfile(annotationErrorPath(POD_ANNOTATION), seccompPolicy(psp), podProfile(pod));
}

export function validateContainerSeccomp(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const path = annotationErrorPath(containerAnnotationKey(ref.container.name));
  return checkProfile(path, seccompPolicy(psp), containerProfile(pod, ref.container));
}
