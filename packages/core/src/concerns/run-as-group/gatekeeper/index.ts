/**
 * Gatekeeper emitter for PSP `spec.runAsGroup` (template Psp2gkRunAsGroup). See ../README.md "Gatekeeper".
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import {
  mutationOnUpdateFinding,
  podSecurityContextAssign,
  ruleAndRanges,
  ruleAndRangesSchema,
} from "../../run-as-user/gatekeeper/shared.js";
import { generatedGroup } from "../../shared/group-strategy.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "run-as-group";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}RunAsGroup`,
    description:
      "PSP spec.runAsGroup: every container's effective runAsGroup (its own, else the pod's; init, regular and " +
      "ephemeral containers) must be set and in the ranges (MustRunAs) or, if set, in the ranges (MayRunAs), on " +
      "CREATE and UPDATE.",
    parametersSchema: {
      type: "object",
      properties: { runAsGroup: ruleAndRangesSchema(["MustRunAs", "MayRunAs", "RunAsAny"], "runAsGroup") },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },

  parameters(psp) {
    const strategy = psp.spec.runAsGroup;
    // Omitted runAsGroup is RunAsAny (factory.go createRunAsGroupStrategy).
    if (!strategy || strategy.rule === "RunAsAny") return null;
    return { runAsGroup: ruleAndRanges(strategy.rule, strategy.ranges) };
  },

  mutators(psp, scope) {
    const gid = generatedGroup(psp.spec.runAsGroup);
    if (gid === undefined) return { mutators: [], findings: [] };
    return {
      mutators: [podSecurityContextAssign(scope, CONCERN, "runAsGroup", gid)],
      findings: [
        mutationOnUpdateFinding(
          psp,
          CONCERN,
          "runAsGroup",
          "PSP admits such an update when every container has its own runAsGroup in the ranges; that includes every " +
            "pod PSP itself defaulted, since PSP writes runAsGroup on the containers, never at pod level. Those pods " +
            "can no longer be updated (labels, annotations, ownerReferences) while the mutating webhook sees UPDATE.",
        ),
      ],
    };
  },
};
