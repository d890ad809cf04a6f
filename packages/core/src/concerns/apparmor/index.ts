/**
 * AppArmor (PSP annotations `apparmor.security.beta.kubernetes.io/allowedProfileNames` and
 * `.../defaultProfileName`): each container's profile annotation is defaulted and must be listed.
 * See README.md.
 */
import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { Concern } from "../../psp/concern.js";
import { type FieldError, forbidden } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";
import { annotationErrorPath, podAnnotation, setPodAnnotation } from "../shared/annotations.js";
import { coversAppArmor } from "./covers.js";
import {
  ALLOWED_PROFILES_ANNOTATION,
  appArmorPolicy,
  containerAnnotationKey,
  DEFAULT_PROFILE_ANNOTATION,
} from "./policy.js";

/** `apparmor/strategy.go Generate`: an empty (or absent) container annotation gets the default. */
function defaultContainerAppArmor(pod: Pod, container: Container, psp: PodSecurityPolicy): void {
  const key = containerAnnotationKey(container.name);
  if (podAnnotation(pod, key) !== "") return;
  const { defaultProfile } = appArmorPolicy(psp);
  if (defaultProfile !== "") setPodAnnotation(pod, key, defaultProfile);
}

/** `apparmor/strategy.go Validate`. */
function validateContainerAppArmor(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const { allowed, allowedText } = appArmorPolicy(psp);
  if (allowed === undefined) return [];
  const key = containerAnnotationKey(ref.container.name);
  const path = annotationErrorPath(key);
  const profile = podAnnotation(pod, key);
  // `allowed` is never empty once the annotation exists ("".split(",") is [""]), so an unset
  // profile always fails, and an annotation of "" makes every container fail.
  if (profile === "") return [forbidden(path, "AppArmor profile must be set")];
  if (!allowed.has(profile)) {
    return [forbidden(path, `${profile} is not an allowed profile. Allowed values: ${JSON.stringify(allowedText)}`)];
  }
  return [];
}

export const concern: Concern = {
  name: "apparmor",
  coversUnchanged: coversAppArmor,
  pspFields: [
    `metadata.annotations[${ALLOWED_PROFILES_ANNOTATION}]`,
    `metadata.annotations[${DEFAULT_PROFILE_ANNOTATION}]`,
  ],
  mayMutate: (psp) => appArmorPolicy(psp).defaultProfile !== "",
  defaultContainer: defaultContainerAppArmor,
  validateContainer: validateContainerAppArmor,
};
