/**
 * runAsUser defaulting, as `provider.go mutateContainer` does it per container, on effective
 * (inherited) values: the pod-level runAsUser/runAsNonRoot are never written, and a pod-level
 * value suppresses the container default.
 */
import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { effective, setContainerInherited } from "../../psp/security-context.js";
import { firstRangeMin } from "../shared/id-ranges.js";

export function defaultRunAsUser(pod: Pod, container: Container, psp: PodSecurityPolicy): void {
  const strategy = psp.spec.runAsUser;
  if (strategy?.rule === "MustRunAs" && effective(pod, container, "runAsUser") === undefined) {
    const uid = firstRangeMin(strategy.ranges);
    if (uid !== undefined) setContainerInherited(pod, container, "runAsUser", uid);
  }
  // MustRunAsNonRoot picks no UID; it only marks the container so the kubelet checks the image
  // user. Since PR #52849 (v1.9) the marker is written only when neither value is set.
  if (
    strategy?.rule === "MustRunAsNonRoot" &&
    effective(pod, container, "runAsNonRoot") === undefined &&
    effective(pod, container, "runAsUser") === undefined
  ) {
    setContainerInherited(pod, container, "runAsNonRoot", true);
  }
}
