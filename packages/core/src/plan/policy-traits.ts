/**
 * Two facts about a single PSP that planning needs:
 * - does it admit every pod unchanged (an allow-all policy such as `privileged` or EKS `eks.privileged`)?
 *   Decided with the concerns' conservative `coversUnchanged` against a PSP that allows everything and
 *   defaults nothing: "false" may mean "unsure", never the reverse.
 * - does it default anything (does any concern emitter write a mutator, or report one it cannot write)?
 */
import type { ConcernEmitter } from "../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { coversUnchanged } from "../psp/shadowing.js";

/** Allows every value of every concern and defaults nothing. */
export const ALLOW_EVERYTHING: PodSecurityPolicy = {
  apiVersion: "policy/v1beta1",
  kind: "PodSecurityPolicy",
  metadata: {
    name: "psp2gk-allow-everything",
    annotations: {
      "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*",
      "apparmor.security.beta.kubernetes.io/allowedProfileNames": "*",
    },
  },
  spec: {
    privileged: true,
    allowPrivilegeEscalation: true,
    hostNetwork: true,
    hostPID: true,
    hostIPC: true,
    hostPorts: [{ min: 0, max: 65535 }],
    volumes: ["*"],
    allowedCapabilities: ["*"],
    allowedUnsafeSysctls: ["*"],
    allowedProcMountTypes: ["Default", "Unmasked"],
    runAsUser: { rule: "RunAsAny" },
    seLinux: { rule: "RunAsAny" },
    fsGroup: { rule: "RunAsAny" },
    supplementalGroups: { rule: "RunAsAny" },
  },
} as PodSecurityPolicy;

export function admitsEverythingUnchanged(psp: PodSecurityPolicy): boolean {
  return coversUnchanged(psp, ALLOW_EVERYTHING);
}

const PROBE_SCOPE = { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, namePrefix: "probe" };

/**
 * Does the PSP default anything? An emitter either writes mutators for its defaults or, where Gatekeeper
 * cannot write them (AppArmor's per-container annotation), says so in a finding — either way PSP mutates.
 */
export function hasDefaults(psp: PodSecurityPolicy, emitters: readonly ConcernEmitter[]): boolean {
  return emitters.some((e) => {
    const out = e.mutators(psp, PROBE_SCOPE);
    return out.mutators.length > 0 || out.findings.length > 0;
  });
}
