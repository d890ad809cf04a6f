/**
 * supplementalGroups: MustRunAs (non-empty list, every gid in ranges, defaulted to
 * `[ranges[0].min]` when nil), MayRunAs (every gid, if any, in ranges), RunAsAny. See README.md.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { Concern } from "../../psp/concern.js";
import type { FieldError } from "../../psp/field-error.js";
import { generatedGroup, groupInertReason, validateGroups } from "../shared/group-strategy.js";
import { coversSupplementalGroups } from "./covers.js";

/**
 * `provider.go MutatePod` defaults only a nil list: an explicit `[]` is not nil (JSON clients can
 * send it), so nothing is written and MustRunAs validation then rejects the empty list.
 */
export function defaultSupplementalGroups(pod: Pod, psp: PodSecurityPolicy): void {
  const current = pod.spec.securityContext?.supplementalGroups;
  if (current !== undefined && current !== null) return;
  const gid = generatedGroup(psp.spec.supplementalGroups);
  if (gid === undefined) return;
  pod.spec.securityContext ??= {};
  pod.spec.securityContext.supplementalGroups = [gid];
}

export function validateSupplementalGroups(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const groups = pod.spec.securityContext?.supplementalGroups ?? [];
  return validateGroups("spec.securityContext.supplementalGroups", psp.spec.supplementalGroups, groups);
}

export const concern: Concern = {
  name: "supplemental-groups",
  coversUnchanged: coversSupplementalGroups,
  pspFields: ["spec.supplementalGroups"],
  inertReason: (psp) => groupInertReason("supplementalGroups", psp.spec.supplementalGroups),
  mayMutate: (psp) => psp.spec.supplementalGroups?.rule === "MustRunAs",
  defaultPod: defaultSupplementalGroups,
  validatePod: validateSupplementalGroups,
};
