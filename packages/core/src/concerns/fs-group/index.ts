/**
 * fsGroup: MustRunAs (pod fsGroup required and in ranges, defaulted to the first range's min),
 * MayRunAs (checked only when set), RunAsAny. Pod level only. See README.md.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import type { Concern } from "../../psp/concern.js";
import type { FieldError } from "../../psp/field-error.js";
import { generatedGroup, groupInertReason, validateGroups } from "../shared/group-strategy.js";
import { coversFsGroup } from "./covers.js";

/** `provider.go MutatePod`: an unset pod fsGroup gets the strategy's single generated group. */
export function defaultFsGroup(pod: Pod, psp: PodSecurityPolicy): void {
  const current = pod.spec.securityContext?.fsGroup;
  if (current !== undefined && current !== null) return;
  const gid = generatedGroup(psp.spec.fsGroup);
  if (gid === undefined) return;
  pod.spec.securityContext ??= {};
  pod.spec.securityContext.fsGroup = gid;
}

export function validateFsGroup(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  const fsGroup = pod.spec.securityContext?.fsGroup;
  const groups = fsGroup === undefined || fsGroup === null ? [] : [fsGroup];
  return validateGroups("spec.securityContext.fsGroup", psp.spec.fsGroup, groups);
}

export const concern: Concern = {
  name: "fs-group",
  coversUnchanged: coversFsGroup,
  pspFields: ["spec.fsGroup"],
  inertReason: (psp) => groupInertReason("fsGroup", psp.spec.fsGroup),
  mayMutate: (psp) => psp.spec.fsGroup?.rule === "MustRunAs",
  defaultPod: defaultFsGroup,
  validatePod: validateFsGroup,
};
