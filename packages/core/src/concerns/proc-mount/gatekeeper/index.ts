/**
 * Gatekeeper emission for `allowedProcMountTypes`: one constraint listing the allowed types whenever
 * the PSP does not allow both `Default` and `Unmasked`; never a mutator (PSP does not default procMount).
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const DEFAULT = "Default";
const UNMASKED = "Unmasked";

export const emitter: ConcernEmitter = {
  concern: "proc-mount",
  template: {
    kind: `${KIND_PREFIX}ProcMount`,
    description:
      "PodSecurityPolicy `allowedProcMountTypes`: every container's (init, regular, ephemeral) " +
      "securityContext.procMount, unset meaning Default, must be one of allowedProcMountTypes " +
      "([Default] when empty).",
    parametersSchema: {
      type: "object",
      properties: {
        allowedProcMountTypes: {
          type: "array",
          description: "Allowed procMount values (PSP `allowedProcMountTypes`); empty or absent = [Default].",
          items: { type: "string" },
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const listed = psp.spec.allowedProcMountTypes ?? [];
    const allowed = listed.length ? [...new Set(listed)].sort() : [DEFAULT];
    return allowed.includes(DEFAULT) && allowed.includes(UNMASKED) ? null : { allowedProcMountTypes: allowed };
  },
  mutators: () => ({ mutators: [], findings: [] }),
};
