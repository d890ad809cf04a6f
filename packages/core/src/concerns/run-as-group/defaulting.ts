/**
 * runAsGroup defaulting (`provider.go mutateContainer`, RunAsGroup feature gate on since v1.14):
 * MustRunAs writes `ranges[0].min` on the container when the effective value is nil. Never at pod
 * level; a pod-level runAsGroup suppresses the container default.
 */
import type { Container, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { effective, setContainerInherited } from "../../psp/security-context.js";
import { generatedGroup } from "../shared/group-strategy.js";

export function defaultRunAsGroup(pod: Pod, container: Container, psp: PodSecurityPolicy): void {
  if (effective(pod, container, "runAsGroup") !== undefined) return;
  const gid = generatedGroup(psp.spec.runAsGroup);
  if (gid !== undefined) setContainerInherited(pod, container, "runAsGroup", gid);
}
