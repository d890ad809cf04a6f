/**
 * The group strategies Kubernetes shares between fsGroup, supplementalGroups and runAsGroup
 * (`pkg/security/podsecuritypolicy/group/{mustrunas,mayrunas,runasany,helpers}.go`, built by
 * `factory.go`). Each concern only says which pod field the groups come from and where they go.
 */
import type { GroupStrategy, IdRange } from "../../model/k8s-types.js";
import { type FieldError, invalid } from "../../psp/field-error.js";
import { firstRangeMin, formatRanges, inAnyRange } from "./id-ranges.js";

/** A strategy that can be built: its rule and (for MustRunAs/MayRunAs) at least one range. */
type Built =
  | { kind: "MustRunAs"; ranges: readonly IdRange[] }
  | { kind: "MayRunAs"; ranges: readonly IdRange[] }
  | { kind: "RunAsAny" };

/**
 * Why `factory.go` could not build this group strategy, in Kubernetes' words prefixed with the PSP
 * field (e.g. `fsGroup: ranges must be supplied for MustRunAs`), or undefined when it can.
 * `strategy` undefined means "field omitted": only runAsGroup may be omitted (it is then RunAsAny).
 */
export function groupInertReason(field: string, strategy: GroupStrategy | undefined): string | undefined {
  const built = buildGroupStrategy(field, strategy);
  return typeof built === "string" ? built : undefined;
}

function buildGroupStrategy(field: string, strategy: GroupStrategy | undefined): Built | string {
  // runAsGroup nil → RunAsAny (createRunAsGroupStrategy); a missing fsGroup/supplementalGroups
  // cannot pass API validation, so treating it the same way changes nothing in practice.
  if (strategy === undefined || strategy === null) return { kind: "RunAsAny" };
  const rule = strategy.rule as string | undefined;
  const ranges = strategy.ranges ?? [];
  switch (rule) {
    case "RunAsAny":
      return { kind: "RunAsAny" };
    case "MustRunAs":
    case "MayRunAs":
      if (ranges.length === 0) return `${field}: ranges must be supplied for ${rule}`;
      return { kind: rule, ranges };
    default:
      return `${field}: Unrecognized ${strategyTypeName(field)} strategy type ${rule ?? ""}`;
  }
}

/** The type name factory.go uses in its "Unrecognized ... strategy type" errors. */
function strategyTypeName(field: string): string {
  if (field === "fsGroup") return "FSGroup";
  if (field === "supplementalGroups") return "SupplementalGroups";
  if (field === "runAsGroup") return "RunAsGroup";
  return field;
}

/**
 * The value a strategy generates when the pod has none: MustRunAs → `ranges[0].min`; MayRunAs and
 * RunAsAny → nothing (their Generate returns nil).
 */
export function generatedGroup(strategy: GroupStrategy | undefined): number | undefined {
  if (strategy?.rule !== "MustRunAs") return undefined;
  return firstRangeMin(strategy.ranges);
}

/**
 * Validate `groups` (the pod's values for one field; empty = unset) at `path`.
 * MustRunAs: non-empty and every group in a range; MayRunAs: every group (if any) in a range.
 * As in Kubernetes, every error carries the whole `groups` list as its value, and one error is
 * reported per group outside the ranges.
 */
export function validateGroups(
  path: string,
  strategy: GroupStrategy | undefined,
  groups: readonly number[],
): FieldError[] {
  const built = buildGroupStrategy("", strategy);
  // An inert strategy never reaches validation (the PSP is skipped); validate nothing rather than guess.
  if (typeof built === "string" || built.kind === "RunAsAny") return [];
  const errors: FieldError[] = [];
  if (built.kind === "MustRunAs" && groups.length === 0) {
    errors.push(invalid(path, [...groups], "unable to validate empty groups against required ranges"));
  }
  for (const g of groups) {
    if (!inAnyRange(g, built.ranges)) {
      errors.push(invalid(path, [...groups], `group ${g} must be in the ranges: ${formatRanges(built.ranges)}`));
    }
  }
  return errors;
}
