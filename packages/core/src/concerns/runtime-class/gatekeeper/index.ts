/**
 * Gatekeeper emission for `runtimeClass`: a constraint with the allowed names when the PSP restricts
 * runtime classes, and an Assign of `spec.runtimeClassName` for `defaultRuntimeClassName`.
 */
import { type ConcernEmitter, KIND_PREFIX, type MutatorScope } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import {
  assignMutator,
  mutationOnUpdateFinding,
} from "../../read-only-root-filesystem/gatekeeper/container-default.js";
import { ALLOW_ALL_RUNTIME_CLASS_NAMES } from "../logic.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "runtime-class";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}RuntimeClass`,
    description:
      "PodSecurityPolicy `runtimeClass.allowedRuntimeClassNames`: a pod's spec.runtimeClassName, when set, " +
      "must be one of allowedRuntimeClassNames (or `*` listed); pods without one are always allowed.",
    parametersSchema: {
      type: "object",
      properties: {
        allowedRuntimeClassNames: {
          type: "array",
          description: "Allowed runtime class names (PSP `runtimeClass.allowedRuntimeClassNames`); `*` = any.",
          items: { type: "string" },
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const strategy = psp.spec.runtimeClass;
    if (!strategy) return null;
    const allowed = [...new Set(strategy.allowedRuntimeClassNames ?? [])].sort();
    return allowed.includes(ALLOW_ALL_RUNTIME_CLASS_NAMES) ? null : { allowedRuntimeClassNames: allowed };
  },
  mutators(psp: PodSecurityPolicy, scope: MutatorScope) {
    const def = psp.spec.runtimeClass?.defaultRuntimeClassName;
    if (def === undefined || def === null) return { mutators: [], findings: [] };
    return {
      mutators: [assignMutator(scope, [CONCERN, "default"], "spec.runtimeClassName", def)],
      findings: [mutationOnUpdateFinding(psp.metadata.name, CONCERN, `spec.runtimeClassName (default ${def})`)],
    };
  },
};
