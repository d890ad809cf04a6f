/**
 * Gatekeeper emission for `privileged`: one parameterless constraint when the PSP forbids privileged
 * containers; never a mutator (PSP stopped writing `privileged: false` in v1.9).
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

export const emitter: ConcernEmitter = {
  concern: "privileged",
  template: {
    kind: `${KIND_PREFIX}Privileged`,
    description:
      "PodSecurityPolicy `privileged: false`: refuses pods with a container (init, regular or ephemeral) " +
      "whose securityContext.privileged is true. Unset or false is always fine.",
    parametersSchema: { type: "object", properties: {} },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters: (psp: PodSecurityPolicy) => (psp.spec.privileged === true ? null : {}),
  mutators: () => ({ mutators: [], findings: [] }),
};
