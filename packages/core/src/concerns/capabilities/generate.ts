/**
 * The capabilities a container ends up with under a PSP (`capabilities/capabilities.go Generate`):
 *   add  = (defaultAdd − container.drop) ∪ container.add
 *   drop = requiredDrop ∪ container.drop
 * as sets of exact, case-sensitive names. When neither set grew beyond the container's own, the
 * container's original object (possibly nil, possibly with duplicates or unsorted) is kept as is;
 * otherwise it is replaced by a new object with both lists sorted and empty lists omitted.
 */
import type { Capabilities } from "../../model/k8s-types.js";

export interface CapabilityDefaults {
  defaultAdd: readonly string[];
  requiredDrop: readonly string[];
}

export type Generated = { changed: false } | { changed: true; capabilities: Capabilities };

export function generateCapabilities(
  own: Capabilities | undefined | null,
  { defaultAdd, requiredDrop }: CapabilityDefaults,
): Generated {
  const containerAdd = new Set(own?.add ?? []);
  const containerDrop = new Set(own?.drop ?? []);
  // A default add the container explicitly drops is not added (only the exact name counts:
  // dropping `ALL` does not remove a default `NET_RAW`).
  const combinedAdd = new Set([...defaultAdd.filter((c) => !containerDrop.has(c)), ...containerAdd]);
  const combinedDrop = new Set([...requiredDrop, ...containerDrop]);

  if (combinedAdd.size === containerAdd.size && combinedDrop.size === containerDrop.size) {
    return { changed: false };
  }
  const capabilities: Capabilities = {};
  if (combinedAdd.size > 0) capabilities.add = sortedLikeGo(combinedAdd);
  if (combinedDrop.size > 0) capabilities.drop = sortedLikeGo(combinedDrop);
  return { changed: true, capabilities };
}

/**
 * Go's `sets.String.List()` sorts byte-wise on UTF-8; JavaScript's default sort compares UTF-16
 * code units, which differs only for characters outside the BMP, so compare encoded bytes.
 */
function sortedLikeGo(values: Set<string>): string[] {
  return [...values].sort((a, b) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")));
}
