/**
 * Gatekeeper emission for `hostPID` / `hostIPC`: one constraint with both flags as parameters when
 * the PSP forbids either; never a mutator (PSP does not default host namespaces).
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

export const emitter: ConcernEmitter = {
  concern: "host-namespaces",
  template: {
    kind: `${KIND_PREFIX}HostNamespaces`,
    description:
      "PodSecurityPolicy `hostPID` and `hostIPC`: refuses pods with spec.hostPID (spec.hostIPC) true unless " +
      "the parameter of the same name is true. Allowing does not require.",
    parametersSchema: {
      type: "object",
      properties: {
        hostPID: { type: "boolean", description: "Pods may use the host PID namespace (PSP `hostPID`)." },
        hostIPC: { type: "boolean", description: "Pods may use the host IPC namespace (PSP `hostIPC`)." },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const hostPID = psp.spec.hostPID === true;
    const hostIPC = psp.spec.hostIPC === true;
    return hostPID && hostIPC ? null : { hostPID, hostIPC };
  },
  mutators: () => ({ mutators: [], findings: [] }),
};
