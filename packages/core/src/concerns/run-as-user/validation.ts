/**
 * runAsUser validation of one container's effective values (`user/{mustrunas,nonroot}.go`).
 * Pod-level values are only ever checked through inheritance.
 */
import type { Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid, required } from "../../psp/field-error.js";
import { type ContainerRef, effective } from "../../psp/security-context.js";
import { formatRanges, inAnyRange } from "../shared/id-ranges.js";

export function validateRunAsUser(pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const strategy = psp.spec.runAsUser;
  const scPath = `${ref.path}.securityContext`;
  const runAsUser = effective(pod, ref.container, "runAsUser");
  const runAsNonRoot = effective(pod, ref.container, "runAsNonRoot");

  if (strategy?.rule === "MustRunAs") {
    const ranges = strategy.ranges ?? [];
    if (runAsUser === undefined) return [required(`${scPath}.runAsUser`, "")];
    if (!inAnyRange(runAsUser, ranges)) {
      return [invalid(`${scPath}.runAsUser`, runAsUser, `must be in the ranges: ${formatRanges(ranges)}`)];
    }
    return [];
  }

  if (strategy?.rule === "MustRunAsNonRoot") {
    // One error at most, in this order (nonroot.go returns after the first).
    if (runAsNonRoot === undefined && runAsUser === undefined) {
      return [required(`${scPath}.runAsNonRoot`, "must be true")];
    }
    // An explicit `runAsNonRoot: false` fails even with a non-zero UID.
    if (runAsNonRoot === false) return [invalid(`${scPath}.runAsNonRoot`, false, "must be true")];
    if (runAsUser === 0) return [invalid(`${scPath}.runAsUser`, 0, "running with the root UID is forbidden")];
    // `runAsNonRoot: true` without a UID is admitted: the kubelet checks the image user at start.
    return [];
  }

  return [];
}
