/**
 * Gatekeeper emitter for sysctls: one `Psp2gkSysctls` constraint per PSP (see ../README.md,
 * section Gatekeeper). PSP never mutates sysctls, so there are no mutators.
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { SAFE_SYSCTLS } from "../patterns.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const stringList = { type: "array", items: { type: "string" } } as const;

export const emitter: ConcernEmitter = {
  concern: "sysctls",
  template: {
    kind: `${KIND_PREFIX}Sysctls`,
    description:
      "PodSecurityPolicy forbiddenSysctls / allowedUnsafeSysctls: each pod-level sysctl is refused when it matches " +
      "forbiddenSysctls (exact name, or prefix when the entry ends in '*'), else allowed when it is in safeSysctls " +
      "(exact names) or matches allowedUnsafeSysctls, else refused.",
    parametersSchema: {
      type: "object",
      properties: {
        forbiddenSysctls: {
          ...stringList,
          description: "PSP forbiddenSysctls: exact names or prefixes ending in '*'.",
        },
        allowedUnsafeSysctls: {
          ...stringList,
          description: "PSP allowedUnsafeSysctls: exact names or prefixes ending in '*'.",
        },
        safeSysctls: {
          ...stringList,
          description: "Sysctls every PSP allows unless forbidden (the kubelet's safe set, exact names).",
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const forbidden = psp.spec.forbiddenSysctls ?? [];
    const allowedUnsafe = psp.spec.allowedUnsafeSysctls ?? [];
    // `*` in allowedUnsafeSysctls and nothing forbidden: every sysctl is allowed.
    if (forbidden.length === 0 && allowedUnsafe.includes("*")) return null;
    return {
      forbiddenSysctls: [...forbidden],
      allowedUnsafeSysctls: [...allowedUnsafe],
      safeSysctls: [...SAFE_SYSCTLS],
    };
  },
  mutators: () => ({ mutators: [], findings: [] }),
};
