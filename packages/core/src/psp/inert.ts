import { CONCERNS } from "../concerns/index.js";
import type { PodSecurityPolicy } from "../model/k8s-types.js";

/**
 * Why the admission plugin could not build a provider for this PSP (it then skips the PSP silently,
 * psp-semantics.md §3.1 step 3), or undefined when the PSP is usable. Each concern says for its fields.
 */
export function inertReason(psp: PodSecurityPolicy): string | undefined {
  for (const c of CONCERNS) {
    const why = c.inertReason?.(psp);
    if (why) return why;
  }
  return undefined;
}
