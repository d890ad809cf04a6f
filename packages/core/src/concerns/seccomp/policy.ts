/**
 * The seccomp constraints a PSP expresses in its annotations (`seccomp/strategy.go NewStrategy`).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export const DEFAULT_PROFILE_ANNOTATION = "seccomp.security.alpha.kubernetes.io/defaultProfileName";
export const ALLOWED_PROFILES_ANNOTATION = "seccomp.security.alpha.kubernetes.io/allowedProfileNames";
const ALLOW_ANY = "*";
const RUNTIME_DEFAULT = "runtime/default";
const DOCKER_DEFAULT = "docker/default";

export interface SeccompPolicy {
  /** `defaultProfileName`, "" when absent. */
  defaultProfile: string;
  /** Profiles listed (the `*` entry excluded); undefined when the annotation is absent. */
  allowed: ReadonlySet<string> | undefined;
  /** `*` listed. */
  allowAny: boolean;
  /** The annotation exactly as written, for messages (Kubernetes prints it verbatim). */
  allowedText: string;
}

export function seccompPolicy(psp: PodSecurityPolicy): SeccompPolicy {
  const annotations = psp.metadata.annotations ?? {};
  const text = annotations[ALLOWED_PROFILES_ANNOTATION];
  let allowed: Set<string> | undefined;
  let allowAny = false;
  if (text !== undefined) {
    allowed = new Set();
    // Split on "," with no trimming: "a, b" lists " b", as in Kubernetes.
    for (const p of text.split(",")) {
      if (p === ALLOW_ANY) {
        allowAny = true;
        continue;
      }
      // Since PR #95985 (v1.20, back-ported to v1.19) docker/default and runtime/default are
      // interchangeable: the API converts one into the other, so listing either allows both.
      if (p === RUNTIME_DEFAULT || p === DOCKER_DEFAULT) {
        allowed.add(RUNTIME_DEFAULT);
        allowed.add(DOCKER_DEFAULT);
      }
      allowed.add(p);
    }
  }
  return {
    defaultProfile: annotations[DEFAULT_PROFILE_ANNOTATION] ?? "",
    allowed,
    allowAny,
    allowedText: text ?? "",
  };
}

/** `profileAllowed`: an empty profile is fine without a list; otherwise listed or `*`. */
export function profileAllowed(policy: SeccompPolicy, profile: string): boolean {
  const listed = policy.allowed?.size ?? 0;
  if (listed === 0 && profile === "") return true;
  return policy.allowAny || (policy.allowed?.has(profile) ?? false);
}
