/**
 * Does a PSP default anything? Planning needs it to choose whose defaults a namespace group's
 * mutators write (plan/mutation-plan.ts).
 */
import type { ConcernEmitter } from "../emit/concern-emitter.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";

const PROBE_SCOPE = { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, namePrefix: "probe" };

/**
 * An emitter either writes mutators for its defaults or, where Gatekeeper cannot write them (AppArmor's
 * per-container annotation), says so in a finding — either way PSP mutates.
 */
export function hasDefaults(psp: PodSecurityPolicy, emitters: readonly ConcernEmitter[]): boolean {
  return emitters.some((e) => {
    const out = e.mutators(psp, PROBE_SCOPE);
    return out.mutators.length > 0 || out.findings.length > 0;
  });
}
