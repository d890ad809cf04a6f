/**
 * Gatekeeper emission for `hostNetwork` and `hostPorts`: one constraint with PSP's values as
 * parameters unless the PSP allows the host network and every port; never a mutator.
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const MAX_PORT = 65535;

/** Do the ranges together cover every valid host port (1..65535)? */
function coversAllPorts(ranges: readonly { min: number; max: number }[]): boolean {
  let next = 1;
  for (const r of [...ranges].sort((a, b) => a.min - b.min)) {
    if (r.min > next) return false;
    next = Math.max(next, r.max + 1);
    if (next > MAX_PORT) return true;
  }
  return false;
}

export const emitter: ConcernEmitter = {
  concern: "host-network-and-ports",
  template: {
    kind: `${KIND_PREFIX}HostNetworkAndPorts`,
    description:
      "PodSecurityPolicy `hostNetwork` and `hostPorts`: spec.hostNetwork true needs hostNetwork true; every " +
      "container (init, regular, ephemeral) port with hostPort > 0 must lie in one of the hostPorts ranges " +
      "(inclusive); no ranges means no host ports.",
    parametersSchema: {
      type: "object",
      properties: {
        hostNetwork: { type: "boolean", description: "Pods may use the host network (PSP `hostNetwork`)." },
        hostPorts: {
          type: "array",
          description: "Allowed host port ranges (PSP `hostPorts`); none = no host ports.",
          items: {
            type: "object",
            required: ["min", "max"],
            properties: { min: { type: "integer" }, max: { type: "integer" } },
          },
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const hostNetwork = psp.spec.hostNetwork === true;
    const hostPorts = (psp.spec.hostPorts ?? [])
      .map((r) => ({ min: r.min, max: r.max }))
      .sort((a, b) => a.min - b.min || a.max - b.max);
    if (hostNetwork && coversAllPorts(hostPorts)) return null;
    return { hostNetwork, hostPorts };
  },
  mutators: () => ({ mutators: [], findings: [] }),
};
