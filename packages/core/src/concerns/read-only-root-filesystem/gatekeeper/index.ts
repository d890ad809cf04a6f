/**
 * Gatekeeper emission for `readOnlyRootFilesystem: true`: a parameterless constraint requiring the
 * field to be true in every container, and Assign mutators writing `true` where it is missing
 * (PSP's container default).
 */
import { type ConcernEmitter, KIND_PREFIX, type MutatorScope } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { containerDefaultMutators, mutationOnUpdateFinding } from "./container-default.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "read-only-root-filesystem";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}ReadOnlyRootFilesystem`,
    description:
      "PodSecurityPolicy `readOnlyRootFilesystem: true`: every container (init, regular, ephemeral) must " +
      "set securityContext.readOnlyRootFilesystem to true; unset and false are refused.",
    parametersSchema: { type: "object", properties: {} },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters: (psp: PodSecurityPolicy) => (psp.spec.readOnlyRootFilesystem === true ? {} : null),
  mutators(psp: PodSecurityPolicy, scope: MutatorScope) {
    if (psp.spec.readOnlyRootFilesystem !== true) return { mutators: [], findings: [] };
    return {
      mutators: containerDefaultMutators(scope, CONCERN, "readOnlyRootFilesystem", true),
      findings: [
        mutationOnUpdateFinding(psp.metadata.name, CONCERN, "securityContext.readOnlyRootFilesystem (default true)"),
      ],
    };
  },
};
