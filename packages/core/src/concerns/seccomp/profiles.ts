/**
 * Which seccomp profile the pod and each container ask for, in the annotation string form PSP
 * compares (`runtime/default`, `unconfined`, `localhost/<file>`), with v1.19+ field support
 * (PR #92856): the `seccompProfile` fields are read as their annotation equivalents.
 */
import type { Container, Pod, SeccompProfile } from "../../model/k8s-types.js";
import { hasPodAnnotation, podAnnotation } from "../shared/annotations.js";

export const POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod";
export const CONTAINER_ANNOTATION_PREFIX = "container.seccomp.security.alpha.kubernetes.io/";

export function containerAnnotationKey(containerName: string): string {
  return `${CONTAINER_ANNOTATION_PREFIX}${containerName}`;
}

/**
 * `podutil.SeccompAnnotationForField`: the annotation value for a profile field. A Localhost
 * profile without `localhostProfile`, or an unknown type, has no annotation form and reads as "".
 */
export function annotationForField(field: SeccompProfile): string {
  switch (field.type) {
    case "Unconfined":
      return "unconfined";
    case "RuntimeDefault":
      return "runtime/default";
    case "Localhost":
      return typeof field.localhostProfile === "string" ? `localhost/${field.localhostProfile}` : "";
    default:
      return "";
  }
}

function podField(pod: Pod): SeccompProfile | undefined {
  return pod.spec.securityContext?.seccompProfile ?? undefined;
}

/** The pod profile: the pod annotation, or (when that is empty) the pod field. */
export function podProfile(pod: Pod): string {
  const annotated = podAnnotation(pod, POD_ANNOTATION);
  if (annotated !== "") return annotated;
  const field = podField(pod);
  return field ? annotationForField(field) : "";
}

/**
 * A container's profile, first found of: container field → container annotation (when present,
 * even empty) → pod field → pod annotation.
 */
export function containerProfile(pod: Pod, container: Container): string {
  const own = container.securityContext?.seccompProfile;
  if (own) return annotationForField(own);
  const key = containerAnnotationKey(container.name);
  if (hasPodAnnotation(pod, key)) return podAnnotation(pod, key);
  const field = podField(pod);
  if (field) return annotationForField(field);
  return podAnnotation(pod, POD_ANNOTATION);
}
