/**
 * Gatekeeper emitter for PSP `spec.fsGroup` (template Psp2gkFsGroup). See ../README.md "Gatekeeper".
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

const CONCERN = "fs-group";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}FsGroup`,
    description:
      "PSP spec.fsGroup: the pod's spec.securityContext.fsGroup must be set and in the ranges (MustRunAs) or, if " +
      "set, in the ranges (MayRunAs), on CREATE and UPDATE.",
    parametersSchema: {
      type: "object",
      properties: { fsGroup: ruleAndRangesSchema(["MustRunAs", "MayRunAs", "RunAsAny"], "fsGroup") },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },

  parameters(psp) {
    const strategy = psp.spec.fsGroup;
    if (!strategy || strategy.rule === "RunAsAny") return null;
    return { fsGroup: ruleAndRanges(strategy.rule, strategy.ranges) };
  },

  mutators(psp, scope) {
    const gid = generatedGroup(psp.spec.fsGroup);
    if (gid === undefined) return { mutators: [], findings: [] };
    return {
      mutators: [podSecurityContextAssign(scope, CONCERN, "fsGroup", gid)],
      findings: [
        mutationOnUpdateFinding(
          psp,
          CONCERN,
          "fsGroup",
          "PSP refuses such an update too (MustRunAs requires an fsGroup and never mutates on update): same decision, other message.",
        ),
      ],
    };
  },
};
