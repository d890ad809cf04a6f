/**
 * Gatekeeper emitter for PSP `spec.seLinux` (template Psp2gkSELinux). See ../README.md "Gatekeeper".
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { SELinuxOptions } from "../../../model/k8s-types.js";
import { mutationOnUpdateFinding, podSecurityContextAssign } from "../../run-as-user/gatekeeper/shared.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "selinux";
const FIELDS = ["level", "role", "type", "user"] as const;

/** The PSP's options as plain strings, unset fields omitted (Kubernetes' JSON omits empty strings too). */
function plainOptions(options: SELinuxOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = options[f];
    if (typeof v === "string" && v !== "") out[f] = v;
  }
  return out;
}

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}SELinux`,
    description:
      "PSP spec.seLinux MustRunAs: the pod's seLinuxOptions and every container's effective seLinuxOptions (its own " +
      "object, else the pod's; init, regular and ephemeral containers) must be set and equal the PSP's in all four " +
      "fields (level categories in any order), on CREATE and UPDATE.",
    parametersSchema: {
      type: "object",
      properties: {
        rule: { type: "string", description: "MustRunAs or RunAsAny (anything else denies every pod)." },
        seLinuxOptions: {
          type: "object",
          description: "The exact options required; an absent field must be absent or empty in the pod.",
          properties: Object.fromEntries(FIELDS.map((f) => [f, { type: "string" }])),
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },

  parameters(psp) {
    const strategy = psp.spec.seLinux;
    if (!strategy || strategy.rule === "RunAsAny") return null;
    return {
      rule: strategy.rule,
      ...(strategy.seLinuxOptions ? { seLinuxOptions: plainOptions(strategy.seLinuxOptions) } : {}),
    };
  },

  mutators(psp, scope) {
    const strategy = psp.spec.seLinux;
    if (strategy?.rule !== "MustRunAs" || !strategy.seLinuxOptions) return { mutators: [], findings: [] };
    return {
      mutators: [podSecurityContextAssign(scope, CONCERN, "seLinuxOptions", plainOptions(strategy.seLinuxOptions))],
      findings: [
        mutationOnUpdateFinding(
          psp,
          CONCERN,
          "seLinuxOptions",
          "PSP refuses such an update too (pod-level seLinuxOptions are required and never defaulted on update): same decision, other message.",
        ),
      ],
    };
  },
};
