/**
 * Pod annotation helpers for the annotation-driven concerns (seccomp, AppArmor).
 */
import type { Pod } from "../../model/k8s-types.js";

/**
 * The field path Kubernetes' seccomp and AppArmor strategies put in their errors:
 * `field.NewPath("pod", "metadata", "annotations").Key(k)`, which prints the key unquoted,
 * e.g. `pod.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]`.
 */
export function annotationErrorPath(key: string): string {
  return `pod.metadata.annotations[${key}]`;
}

/** A pod annotation's value; an absent annotation reads as "" (Go map semantics). */
export function podAnnotation(pod: Pod, key: string): string {
  return pod.metadata.annotations?.[key] ?? "";
}

export function hasPodAnnotation(pod: Pod, key: string): boolean {
  const annotations = pod.metadata.annotations;
  return annotations !== undefined && annotations !== null && Object.hasOwn(annotations, key);
}

/** Write a pod annotation, creating `metadata.annotations` only when something is written. */
export function setPodAnnotation(pod: Pod, key: string, value: string): void {
  pod.metadata.annotations ??= {};
  pod.metadata.annotations[key] = value;
}
