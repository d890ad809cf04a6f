/**
 * Gatekeeper emission for `allowPrivilegeEscalation` / `defaultAllowPrivilegeEscalation`: a
 * parameterless constraint when escalation is forbidden, and Assign mutators for PSP's container
 * default (`defaultAllowPrivilegeEscalation`, else `false` when escalation is forbidden).
 */
import { type ConcernEmitter, KIND_PREFIX, type MutatorScope } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import {
  containerDefaultMutators,
  mutationOnUpdateFinding,
} from "../../read-only-root-filesystem/gatekeeper/container-default.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "privilege-escalation";

/** The value PSP writes into containers lacking it, or undefined when it writes nothing. */
export function defaultValue(psp: PodSecurityPolicy): boolean | undefined {
  const def = psp.spec.defaultAllowPrivilegeEscalation;
  if (def !== undefined && def !== null) return def;
  return psp.spec.allowPrivilegeEscalation === false ? false : undefined;
}

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}PrivilegeEscalation`,
    description:
      "PodSecurityPolicy `allowPrivilegeEscalation: false`: every container (init, regular, ephemeral) must " +
      "set securityContext.allowPrivilegeEscalation to false; unset and true are refused.",
    parametersSchema: { type: "object", properties: {} },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters: (psp: PodSecurityPolicy) => (psp.spec.allowPrivilegeEscalation === false ? {} : null),
  mutators(psp: PodSecurityPolicy, scope: MutatorScope) {
    const value = defaultValue(psp);
    if (value === undefined) return { mutators: [], findings: [] };
    return {
      mutators: containerDefaultMutators(scope, CONCERN, "allowPrivilegeEscalation", value),
      findings: [
        mutationOnUpdateFinding(
          psp.metadata.name,
          CONCERN,
          `securityContext.allowPrivilegeEscalation (default ${value})`,
        ),
      ],
    };
  },
};
