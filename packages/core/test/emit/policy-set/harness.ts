/**
 * Shared setup of the policy-set tests: PSPs from the shared cases, the policy-set constraint in the
 * simulator, and the reference "per concern" verdict of one PSP (every emitter's own template and
 * constraint for that PSP, no mutators), which the policy set must reproduce for any of its PSPs.
 */
import { EMITTERS } from "../../../src/emit/emitters.js";
import {
  POLICY_SET_KIND,
  type PolicySetEntry,
  policySetParameters,
  policySetTemplate,
  type UsableBy,
} from "../../../src/emit/policy-set/index.js";
import { buildTemplate } from "../../../src/emit/template.js";
import { GatekeeperSimulator, type PodRequest } from "../../../src/gatekeeper/index.js";
import { defaultPsp } from "../../../src/model/defaults.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import type { PspInput } from "../../../src/model/schemas/psp.js";
import { deepCopy } from "../../../src/psp/plain-data.js";
import type { CasePsp } from "../../cases/read-cases.js";

export const MATCH = { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] };
export const EVERYONE: UsableBy = {
  allServiceAccounts: true,
  serviceAccounts: [],
  users: [],
  groups: ["system:authenticated"],
};
export const REQUESTER: PodRequest["userInfo"] = { username: "alice", groups: ["system:authenticated"] };

export const REGISTERED = Object.entries(EMITTERS).flatMap(([name, e]) => (e ? [{ name, emitter: e }] : []));

/** A shared-case PSP as the loader makes it (API defaulting), optionally renamed. */
export function pspFromCase(p: CasePsp, name = p.name): PodSecurityPolicy {
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name, ...(p.annotations ? { annotations: deepCopy(p.annotations) } : {}) },
    spec: deepCopy(p.spec),
  } as PspInput);
}

export function policySetConstraint(entries: readonly PolicySetEntry[], name = "set"): Record<string, unknown> {
  return {
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: POLICY_SET_KIND,
    metadata: { name },
    spec: { match: MATCH, parameters: policySetParameters(entries) },
  };
}

const policySetTemplateObject = buildTemplate(policySetTemplate(), "cel");

/** The simulator with the policy-set template and one constraint for `entries`. */
export function policySetSimulator(entries: readonly PolicySetEntry[]): GatekeeperSimulator {
  return new GatekeeperSimulator({ templates: [policySetTemplateObject], constraints: [policySetConstraint(entries)] });
}

/** The policy set's verdict: allowed, and the messages of its one constraint. */
export function policySetReview(
  entries: readonly PolicySetEntry[],
  pod: Record<string, unknown>,
  request: PodRequest,
): { allowed: boolean; messages: string[] } {
  const review = policySetSimulator(entries).reviewPod(pod, request);
  return { allowed: review.allowed, messages: review.violations.flatMap((v) => v.messages) };
}

const concernTemplates = REGISTERED.map(({ emitter }) => buildTemplate(emitter.template, "cel"));
const kindOrder = new Map(REGISTERED.map(({ emitter }, i) => [emitter.template.kind, i]));

export interface PerConcernVerdict {
  allowed: boolean;
  /** Violation messages in registry (concern) order. */
  messages: string[];
  /** Whether some constraint failed to evaluate (its message then is the error, not a check's). */
  evaluationError: boolean;
}

/** One PSP as per-concern constraints: every emitter's template and constraint, no mutators. */
export function perConcernReview(
  psp: PodSecurityPolicy,
  pod: Record<string, unknown>,
  request: PodRequest,
): PerConcernVerdict {
  const constraints = REGISTERED.flatMap(({ emitter }) => {
    const parameters = emitter.parameters(psp);
    return parameters === null
      ? []
      : [
          {
            apiVersion: "constraints.gatekeeper.sh/v1beta1",
            kind: emitter.template.kind,
            metadata: { name: "c" },
            spec: { match: MATCH, parameters },
          },
        ];
  });
  const review = new GatekeeperSimulator({ templates: concernTemplates, constraints }).reviewPod(pod, request);
  const violations = [...review.violations].sort(
    (a, b) =>
      (kindOrder.get(a.constraint.split("/")[0] ?? "") ?? 0) - (kindOrder.get(b.constraint.split("/")[0] ?? "") ?? 0),
  );
  return {
    allowed: review.allowed,
    messages: violations.flatMap((v) => v.messages),
    evaluationError: violations.some((v) => v.messages.some((m) => / resulted in error: /.test(m))),
  };
}
