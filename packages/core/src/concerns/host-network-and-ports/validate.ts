import type { HostPortRange, Pod, PodSecurityPolicy } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import type { ContainerRef } from "../../psp/security-context.js";

/** Pod-level: `hostNetwork: true` needs a PSP with `hostNetwork: true`. */
export function validateHostNetwork(pod: Pod, psp: PodSecurityPolicy): FieldError[] {
  if (pod.spec.hostNetwork === true && psp.spec.hostNetwork !== true) {
    return [invalid("spec.securityContext.hostNetwork", true, "Host network is not allowed to be used")];
  }
  return [];
}

export function portAllowed(port: number, ranges: readonly HostPortRange[]): boolean {
  return ranges.some((r) => port >= r.min && port <= r.max);
}

/** provider.go hostPortRangesToString: `1-10,80` (a single-port range prints as one number). */
export function formatPortRanges(ranges: readonly HostPortRange[]): string {
  return ranges.map((r) => (r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`)).join(",");
}

/**
 * Container-level: every port with `hostPort > 0` must lie in one of the PSP's ranges (inclusive);
 * no ranges means no host ports. Protocol and hostIP play no part. The error path is the
 * container's, not the port's (`spec.containers[0].hostPort`), as Kubernetes writes it.
 */
export function validateHostPorts(_pod: Pod, ref: ContainerRef, psp: PodSecurityPolicy): FieldError[] {
  const ranges = psp.spec.hostPorts ?? [];
  const errors: FieldError[] = [];
  for (const p of ref.container.ports ?? []) {
    const port = p.hostPort ?? 0;
    if (port > 0 && !portAllowed(port, ranges)) {
      errors.push(
        invalid(
          `${ref.path}.hostPort`,
          port,
          `Host port ${port} is not allowed to be used. Allowed ports: [${formatPortRanges(ranges)}]`,
        ),
      );
    }
  }
  return errors;
}
