/**
 * Shadowing within one audience: a policy B is dropped when another policy A of the same audience is
 * usable by everyone B is usable by and shadows B (psp/shadowing.ts: A sorts first and admits unchanged
 * every pod B admits, or A and B are the same policy). Then B never decides anything for that audience:
 * neither whether a pod is admitted nor which defaults it gets, so leaving it out changes no outcome and
 * keeps the output readable (e.g. `restricted` beside `privileged` for the same service accounts).
 */
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { shadowedBy } from "../psp/shadowing.js";
import { type PolicyAccess, usableBySuperset } from "./audiences.js";

export interface ShadowedPolicy {
  psp: string;
  by: string;
  reason: "covers" | "identical";
}

export interface Simplified {
  effective: PolicyAccess[];
  shadowed: ShadowedPolicy[];
}

export function simplifyAudience(
  policies: readonly PolicyAccess[],
  psps: ReadonlyMap<string, PodSecurityPolicy>,
): Simplified {
  const shadowed: ShadowedPolicy[] = [];
  const effective: PolicyAccess[] = [];
  for (const b of policies) {
    const bPsp = psps.get(b.psp);
    let by: ShadowedPolicy | undefined;
    for (const a of policies) {
      if (a === b || !bPsp) continue;
      const aPsp = psps.get(a.psp);
      if (!aPsp || !usableBySuperset(a.usableBy, b.usableBy)) continue;
      const s = shadowedBy([aPsp, bPsp]).find((x) => x.psp === b.psp && x.shadowedBy === a.psp);
      if (s) {
        by = { psp: b.psp, by: a.psp, reason: s.reason };
        break;
      }
    }
    if (by) shadowed.push(by);
    else effective.push(b);
  }
  return { effective, shadowed };
}
