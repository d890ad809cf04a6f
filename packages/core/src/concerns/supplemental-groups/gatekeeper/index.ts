/**
 * Gatekeeper emitter for PSP `spec.supplementalGroups` (template Psp2gkSupplementalGroups).
 * See ../README.md "Gatekeeper".
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import {
  mutationOnUpdateFinding,
  podSecurityContextAssign,
  ruleAndRanges,
  ruleAndRangesSchema,
} from "../../run-as-user/gatekeeper/shared.js";
import { generatedGroup } from "../../shared/group-strategy.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "supplemental-groups";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}SupplementalGroups`,
    description:
      "PSP spec.supplementalGroups: the pod's spec.securityContext.supplementalGroups must be non-empty with every " +
      "group in the ranges (MustRunAs), or have every group (if any) in the ranges (MayRunAs), on CREATE and UPDATE.",
    parametersSchema: {
      type: "object",
      properties: {
        supplementalGroups: ruleAndRangesSchema(["MustRunAs", "MayRunAs", "RunAsAny"], "supplementalGroups"),
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },

  parameters(psp) {
    const strategy = psp.spec.supplementalGroups;
    if (!strategy || strategy.rule === "RunAsAny") return null;
    return { supplementalGroups: ruleAndRanges(strategy.rule, strategy.ranges) };
  },

  mutators(psp, scope) {
    const gid = generatedGroup(psp.spec.supplementalGroups);
    if (gid === undefined) return { mutators: [], findings: [] };
    return {
      mutators: [podSecurityContextAssign(scope, CONCERN, "supplementalGroups", [gid])],
      findings: [
        mutationOnUpdateFinding(
          psp,
          CONCERN,
          "supplementalGroups",
          "PSP refuses such an update too (MustRunAs requires a non-empty list and never mutates on update): same decision, other message.",
        ),
        emptyListFinding(psp, gid),
      ],
    };
  },
};

/**
 * An explicit `supplementalGroups: []` (JSON clients) is not nil to PSP, which then refuses the pod;
 * the API server drops the empty list (`omitempty`) before Gatekeeper's webhooks see the pod, so the
 * Assign fills it.
 */
function emptyListFinding(psp: PodSecurityPolicy, gid: number): Finding {
  return {
    code: "empty-list-defaulted",
    level: "info",
    concern: CONCERN,
    psps: [psp.metadata.name],
    message:
      `A pod created with an explicit empty spec.securityContext.supplementalGroups ([], JSON clients only) is refused ` +
      `by PSP (nothing defaulted, MustRunAs needs a group); Gatekeeper never sees the empty list (the API server omits ` +
      `it) and admits the pod with [${gid}], a value PSP accepts when the list is omitted.`,
  };
}
