/**
 * The order in which admission tries PSPs (psp-semantics.md §3.1 steps 1–3): every PSP in the cluster,
 * sorted by name byte-wise (Go `strings.Compare`, not locale order: `Z` < `a`, `psp-10` < `psp-9`),
 * the `kubernetes.io/psp` hint first in the validating pass, and PSPs whose strategies cannot be built
 * (inert) set aside with their reason.
 *
 * Sorting and the inert check depend only on the PSP list, so they are computed once per list and
 * cached in a WeakMap keyed by that list: nothing is retained once the caller drops the list.
 */
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import { inertReason } from "./inert.js";

export interface OrderedPolicy {
  psp: PodSecurityPolicy;
  name: string;
  /** Why the provider cannot be built (the PSP is skipped); undefined when usable. */
  inert: string | undefined;
}

/** Byte-wise comparison of two strings, like Go's strings.Compare on UTF-8 bytes. */
export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  return Buffer.compare(ab, bb);
}

const sortedCache = new WeakMap<readonly PodSecurityPolicy[], readonly OrderedPolicy[]>();

/** All PSPs by name (byte-wise, stable), each with its inert reason. Cached per list object. */
export function sortedPolicies(psps: readonly PodSecurityPolicy[]): readonly OrderedPolicy[] {
  let sorted = sortedCache.get(psps);
  if (!sorted) {
    sorted = psps
      .map((psp) => ({ psp, name: psp.metadata.name, inert: inertReason(psp) }))
      .sort((x, y) => compareBytewise(x.name, y.name));
    sortedCache.set(psps, sorted);
  }
  return sorted;
}

/**
 * The evaluation order for one request. `hint` (validating pass only) moves the PSP of that name to
 * the front; the rest keep name order. A hint naming no PSP changes nothing.
 */
export function evaluationOrder(psps: readonly PodSecurityPolicy[], hint?: string): readonly OrderedPolicy[] {
  const sorted = sortedPolicies(psps);
  if (!hint) return sorted;
  const at = sorted.findIndex((p) => p.name === hint);
  if (at <= 0) return sorted;
  return [sorted[at] as OrderedPolicy, ...sorted.slice(0, at), ...sorted.slice(at + 1)];
}
