/**
 * Gatekeeper emitter for PSP `spec.runAsUser` (template Psp2gkRunAsUser). See ../README.md "Gatekeeper".
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { firstRangeMin } from "../../shared/id-ranges.js";
import { mutationOnUpdateFinding, podSecurityContextAssign, ruleAndRanges, ruleAndRangesSchema } from "./shared.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "run-as-user";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}RunAsUser`,
    description:
      "PSP spec.runAsUser: every container's effective runAsUser/runAsNonRoot (its own, else the pod's; init, " +
      "regular and ephemeral containers) must satisfy the rule (MustRunAs ranges, MustRunAsNonRoot), on CREATE and UPDATE.",
    parametersSchema: {
      type: "object",
      properties: { runAsUser: ruleAndRangesSchema(["MustRunAs", "MustRunAsNonRoot", "RunAsAny"], "runAsUser") },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },

  parameters(psp) {
    const strategy = psp.spec.runAsUser;
    if (!strategy || strategy.rule === "RunAsAny") return null;
    // An unknown rule is passed through: the template denies every pod for it (fail closed).
    return { runAsUser: ruleAndRanges(strategy.rule, strategy.rule === "MustRunAs" ? strategy.ranges : []) };
  },

  mutators(psp, scope) {
    const strategy = psp.spec.runAsUser;
    const findings: Finding[] = [];
    if (strategy?.rule === "MustRunAs") {
      const uid = firstRangeMin(strategy.ranges);
      if (uid === undefined) return { mutators: [], findings };
      findings.push(mutationOnUpdateFinding(psp, CONCERN, "runAsUser", PSP_ADMITS_OVERRIDDEN));
      return { mutators: [podSecurityContextAssign(scope, CONCERN, "runAsUser", uid)], findings };
    }
    if (strategy?.rule === "MustRunAsNonRoot") {
      findings.push(
        mutationOnUpdateFinding(
          psp,
          CONCERN,
          "runAsNonRoot",
          "PSP admits such an update when no container is left without both runAsNonRoot and runAsUser and none " +
            "runs as UID 0 or sets runAsNonRoot: false; that includes every pod PSP itself admitted, since PSP " +
            "writes runAsNonRoot on the containers, never at pod level. Those pods can no longer be updated (labels, " +
            "annotations, ownerReferences) while the mutating webhook sees UPDATE.",
        ),
      );
      findings.push(nonRootMarkerFinding(psp));
      return { mutators: [podSecurityContextAssign(scope, CONCERN, "runAsNonRoot", true)], findings };
    }
    return { mutators: [], findings };
  },
};

const PSP_ADMITS_OVERRIDDEN =
  "PSP admits such an update when every container has its own runAsUser in the ranges; that includes every pod " +
  "PSP itself defaulted, since PSP writes runAsUser on the containers, never at pod level. Those pods can no " +
  "longer be updated (labels, annotations, ownerReferences) while the mutating webhook sees UPDATE.";

/** The pod-level runAsNonRoot reaches containers PSP would leave unmarked. */
function nonRootMarkerFinding(psp: PodSecurityPolicy): Finding {
  return {
    code: "mutation-wider-than-psp",
    level: "info",
    concern: CONCERN,
    psps: [psp.metadata.name],
    message:
      "MustRunAsNonRoot: Gatekeeper writes runAsNonRoot: true once at pod level, so containers with a runAsUser of " +
      "their own (or inherited) and no runAsNonRoot also get runAsNonRoot: true, which PSP leaves unset. Admission is " +
      "the same (a UID 0 is refused either way) and the kubelet accepts a non-zero UID with runAsNonRoot: true.",
  };
}
