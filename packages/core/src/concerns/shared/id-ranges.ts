/**
 * ID ranges as the PSP strategies use them (`pkg/security/podsecuritypolicy/util`
 * `UserFallsInRange`/`GroupFallsInRange`): both ends inclusive, any range may match.
 */
import type { IdRange } from "../../model/k8s-types.js";

export function inRange(id: number, range: IdRange): boolean {
  return id >= range.min && id <= range.max;
}

export function inAnyRange(id: number, ranges: readonly IdRange[]): boolean {
  return ranges.some((r) => inRange(id, r));
}

/**
 * The ranges as Go's `%v` prints a `[]IDRange` in Kubernetes' messages: `[{1 1} {5 10}]`.
 * Kept byte-identical so our rejection messages can be compared with a real cluster's.
 */
export function formatRanges(ranges: readonly IdRange[]): string {
  return `[${ranges.map((r) => `{${r.min} ${r.max}}`).join(" ")}]`;
}

/** The value MustRunAs strategies default to: the first range's min (Kubernetes `ranges[0].Min`). */
export function firstRangeMin(ranges: readonly IdRange[] | undefined): number | undefined {
  return ranges?.[0]?.min;
}
