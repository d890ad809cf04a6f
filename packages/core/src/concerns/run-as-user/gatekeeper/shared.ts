/**
 * Pieces the identity concerns' emitters share (run-as-user, run-as-group, fs-group,
 * supplemental-groups, selinux): the `{rule, ranges}` parameter schema (gatekeeper-library's
 * `K8sPSPAllowedUsers` spelling), the pod-level "fill only when missing" Assign, and the Finding for
 * Gatekeeper mutating on UPDATE.
 */
import type { MutatorScope } from "../../../emit/concern-emitter.js";
import { resourceName } from "../../../emit/names.js";
import type { Finding } from "../../../model/findings.js";
import type { IdRange, PodSecurityPolicy } from "../../../model/k8s-types.js";

/** openAPIV3Schema of `{rule, ranges}` (structural). */
export function ruleAndRangesSchema(rules: readonly string[], what: string): Record<string, unknown> {
  return {
    type: "object",
    description: `The PSP strategy for ${what}: rule and inclusive ID ranges.`,
    properties: {
      // No enum: an unknown rule must reach the template, which denies every pod for it (fail closed),
      // instead of making Gatekeeper refuse the constraint (which would enforce nothing).
      rule: { type: "string", description: `One of ${rules.join(", ")}.` },
      ranges: {
        type: "array",
        items: {
          type: "object",
          properties: { min: { type: "integer" }, max: { type: "integer" } },
        },
      },
    },
  };
}

/** `{rule, ranges}` parameters, ranges copied as plain `{min, max}` (inclusive). */
export function ruleAndRanges(rule: string, ranges: readonly IdRange[] | undefined): Record<string, unknown> {
  return { rule, ranges: (ranges ?? []).map((r) => ({ min: r.min, max: r.max })) };
}

export const POD_APPLY_TO = [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }];

/**
 * An Assign writing `value` at pod-level `spec.securityContext.<field>` only when that field is
 * missing (`MustNotExist`), so it never overrides what the pod set.
 */
export function podSecurityContextAssign(
  scope: MutatorScope,
  concern: string,
  field: string,
  value: unknown,
): Record<string, unknown> {
  const location = `spec.securityContext.${field}`;
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "Assign",
    metadata: { name: resourceName(scope.namePrefix, concern, field.toLowerCase()) },
    spec: {
      applyTo: POD_APPLY_TO,
      match: scope.match,
      location,
      parameters: {
        pathTests: [{ subPath: location, condition: "MustNotExist" }],
        assign: { value },
      },
    },
  };
}

export const MUTATION_ON_UPDATE = "mutation-not-on-update";

/**
 * Gatekeeper's mutating webhook also runs on UPDATE, where PSP never mutates. `psp` rejects such an
 * update anyway when `pspRejects`; otherwise (the effective values are all set below pod level) the
 * write is a change of the immutable pod spec, which the API server refuses.
 */
export function mutationOnUpdateFinding(
  psp: PodSecurityPolicy,
  concern: string,
  field: string,
  pspOnUpdate: string,
): Finding {
  return {
    code: MUTATION_ON_UPDATE,
    level: pspOnUpdate.startsWith("PSP admits") ? "warning" : "info",
    concern,
    psps: [psp.metadata.name],
    message:
      `Gatekeeper also runs the ${concern} mutator on UPDATE, where PSP never mutates: an update of a pod without ` +
      `spec.securityContext.${field} gets it written, and the API server refuses the change (pod securityContext is ` +
      `immutable). ${pspOnUpdate}`,
    hint: "Limit Gatekeeper's mutating webhook to CREATE (Helm value mutatingWebhookCustomRules) to match PSP.",
  };
}
