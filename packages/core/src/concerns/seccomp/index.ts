/**
 * seccomp (PSP annotations `seccomp.security.alpha.kubernetes.io/allowedProfileNames` and
 * `.../defaultProfileName`): pod and container profiles, from annotations or (v1.19+) the
 * `seccompProfile` fields, must be allowed; the default fills the pod annotation. See README.md.
 */
import type { Concern } from "../../psp/concern.js";
import { coversSeccomp } from "./covers.js";
import { defaultPodSeccomp } from "./defaulting.js";
import { ALLOWED_PROFILES_ANNOTATION, DEFAULT_PROFILE_ANNOTATION, seccompPolicy } from "./policy.js";
import { validateContainerSeccomp, validatePodSeccomp } from "./validation.js";

export const concern: Concern = {
  name: "seccomp",
  coversUnchanged: coversSeccomp,
  pspFields: [
    `metadata.annotations[${ALLOWED_PROFILES_ANNOTATION}]`,
    `metadata.annotations[${DEFAULT_PROFILE_ANNOTATION}]`,
  ],
  // The PSP's own setting that can mutate is the default profile. (Copying a pod's seccompProfile
  // field into the annotation depends on the pod, not on the PSP; see README.md.)
  mayMutate: (psp) => seccompPolicy(psp).defaultProfile !== "",
  defaultPod: defaultPodSeccomp,
  validatePod: validatePodSeccomp,
  validateContainer: validateContainerSeccomp,
};
