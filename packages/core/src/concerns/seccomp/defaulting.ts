/**
 * seccomp defaulting (`provider.go MutatePod` + `seccomp/strategy.go Generate`, v1.19+): only the
 * pod annotation is ever written, never a container one.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { podAnnotation, setPodAnnotation } from "../shared/annotations.js";
import { seccompPolicy } from "./policy.js";
import { annotationForField, POD_ANNOTATION } from "./profiles.js";

export function defaultPodSeccomp(pod: Pod, psp: PodSecurityPolicy): void {
  // A non-empty annotation is kept as it is.
  if (podAnnotation(pod, POD_ANNOTATION) !== "") return;
  // Only the field set: the annotation is derived from it. This happens under every PSP, whatever
  // its seccomp annotations, and it changes the pod, so such a pod is "mutated" by every PSP.
  const field = pod.spec.securityContext?.seccompProfile;
  const profile = field ? annotationForField(field) : seccompPolicy(psp).defaultProfile;
  if (profile !== "") setPodAnnotation(pod, POD_ANNOTATION, profile);
}
