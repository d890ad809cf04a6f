/**
 * One constraint per concern whose emitter has parameters for the PSP
 * (`constraints.gatekeeper.sh/v1beta1`, kind = the template kind, name `resourceName(psp, concern)`).
 */
import type { PodSecurityPolicy } from "../model/k8s-types.js";
import type { ConcernEmitter } from "./concern-emitter.js";
import { resourceName } from "./names.js";
import { constraintMatch, type EmitScope, type EnforcementAction } from "./scope.js";
import { sortKeys } from "./yaml-out.js";

export const CONSTRAINT_API_VERSION = "constraints.gatekeeper.sh/v1beta1";

export interface ConstraintOptions {
  enforcementAction: EnforcementAction;
  /** Constraint name; default `resourceName(psp, concern)`. */
  name?: string;
}

/** The constraint for `emitter`'s concern, or null when the PSP puts no restriction on it. */
export function buildConstraint(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  scope: EmitScope,
  options: ConstraintOptions,
): Record<string, unknown> | null {
  const parameters = emitter.parameters(psp);
  if (parameters === null) return null;
  return {
    apiVersion: CONSTRAINT_API_VERSION,
    kind: emitter.template.kind,
    metadata: {
      name: options.name ?? resourceName(psp.metadata.name, emitter.concern),
      annotations: {
        "psp2gk.io/psp": psp.metadata.name,
        "psp2gk.io/concern": emitter.concern,
      },
    },
    spec: {
      enforcementAction: options.enforcementAction,
      match: constraintMatch(scope),
      // Parameters come from input data: sorted keys keep the output independent of input key order.
      parameters: sortKeys(parameters),
    },
  };
}
