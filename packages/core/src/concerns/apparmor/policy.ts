/**
 * The AppArmor constraints a PSP expresses in its annotations (`apparmor/strategy.go NewStrategy`).
 */
import type { PodSecurityPolicy } from "../../model/k8s-types.js";

export const DEFAULT_PROFILE_ANNOTATION = "apparmor.security.beta.kubernetes.io/defaultProfileName";
export const ALLOWED_PROFILES_ANNOTATION = "apparmor.security.beta.kubernetes.io/allowedProfileNames";
export const CONTAINER_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";

export function containerAnnotationKey(containerName: string): string {
  return `${CONTAINER_ANNOTATION_PREFIX}${containerName}`;
}

export interface AppArmorPolicy {
  /** `defaultProfileName`, "" when absent. */
  defaultProfile: string;
  /**
   * Listed profiles, split on "," exactly (no trimming, no `*` wildcard); undefined when the
   * annotation is absent (no restriction). A present but empty annotation lists only "".
   */
  allowed: ReadonlySet<string> | undefined;
  /** The annotation exactly as written, for messages. */
  allowedText: string;
}

export function appArmorPolicy(psp: PodSecurityPolicy): AppArmorPolicy {
  const annotations = psp.metadata.annotations ?? {};
  const text = annotations[ALLOWED_PROFILES_ANNOTATION];
  return {
    defaultProfile: annotations[DEFAULT_PROFILE_ANNOTATION] ?? "",
    allowed: text === undefined ? undefined : new Set(text.split(",")),
    allowedText: text ?? "",
  };
}
