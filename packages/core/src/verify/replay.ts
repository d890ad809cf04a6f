/**
 * One pod request through the converted policies, in the API server's order (psp-semantics.md §0):
 * Gatekeeper's mutating webhook (the mutators); on CREATE the registry's PrepareForCreate
 * (`api-server.ts`); core pod validation (`psp/core-validation.ts`); Gatekeeper's validating webhook
 * (every matching constraint's CEL); on UPDATE the refusal of a changed (immutable) pod spec.
 *
 * The two webhooks run on separate simulators so PrepareForCreate can run between them, exactly where
 * the API server runs it.
 */
import { GatekeeperSimulator } from "../gatekeeper/index.js";
import type { MutationRecord } from "../gatekeeper/mutators/mutation-system.js";
import type { ConstraintViolation, PodRequest } from "../gatekeeper/review.js";
import type { Pod } from "../model/k8s-types.js";
import { invalidPodMessage, validateCorePod } from "../psp/core-validation.js";
import { deepCopy, semanticEqual } from "../psp/plain-data.js";
import { prepareForCreate } from "./api-server.js";

/** The converted policies, as `convert` returns them or as read back from `convert -o DIR`. */
export interface GatekeeperPolicySet {
  templates: readonly Record<string, unknown>[];
  constraints: readonly Record<string, unknown>[];
  mutators: readonly Record<string, unknown>[];
  /** ExpansionTemplates (`convert --workloads`, `DIR/expansion/`): workloads are reviewed themselves. */
  expansionTemplates?: readonly Record<string, unknown>[];
}

/** The mutating and the validating webhook apart, so PrepareForCreate can run between them; and both. */
export interface Simulators {
  mutating: GatekeeperSimulator;
  validating: GatekeeperSimulator;
  both: GatekeeperSimulator;
  /** Both webhooks with the ExpansionTemplates, for workloads; absent when the policies have none. */
  expansion?: GatekeeperSimulator;
}

/** Compiles the policies once (throws `GatekeeperInputError` for anything Gatekeeper would refuse). */
export function simulatorsOf(policies: GatekeeperPolicySet): Simulators {
  return {
    mutating: new GatekeeperSimulator({ templates: [], constraints: [], mutators: policies.mutators }),
    validating: new GatekeeperSimulator({ templates: policies.templates, constraints: policies.constraints }),
    both: new GatekeeperSimulator({
      templates: policies.templates,
      constraints: policies.constraints,
      mutators: policies.mutators,
    }),
    ...((policies.expansionTemplates ?? []).length > 0
      ? {
          expansion: new GatekeeperSimulator({
            templates: policies.templates,
            constraints: policies.constraints,
            mutators: policies.mutators,
            expansionTemplates: policies.expansionTemplates,
          }),
        }
      : {}),
  };
}

export type GatekeeperDenial = "constraints" | "mutation-failure" | "core-validation" | "immutable-spec";

export interface GatekeeperOutcome {
  allowed: boolean;
  /** What refused the pod when `allowed` is false. */
  deniedBy?: GatekeeperDenial;
  /** Human-readable reasons: `Kind/name: message` per blocking violation, or the API server's message. */
  reasons: string[];
  /** Every violation, blocking or not (warn/dryrun constraints are listed with `blocks: false`). */
  violations: ConstraintViolation[];
  mutations: MutationRecord[];
  /** The pod as the API server would store it. */
  pod: Pod;
  /** Exemptions applied, mutators skipped, a mutation failure let through (failurePolicy Ignore). */
  notes: string[];
}

export interface ReplayRequest {
  operation: "create" | "update";
  userInfo: PodRequest["userInfo"];
  oldPod?: Pod;
  /** Namespace objects, for constraints and mutators with a namespaceSelector. */
  namespaces?: readonly unknown[];
}

export function replayGatekeeper(sims: Simulators, podIn: Pod, request: ReplayRequest): GatekeeperOutcome {
  const gkRequest: PodRequest = {
    operation: request.operation === "create" ? "CREATE" : "UPDATE",
    userInfo: request.userInfo,
    ...(request.oldPod ? { oldPod: deepCopy(request.oldPod) } : {}),
    ...(request.namespaces ? { namespaces: request.namespaces } : {}),
  };
  const mutation = sims.mutating.reviewPod(deepCopy(podIn), gkRequest);
  const mutatedPod = mutation.mutatedPod as unknown as Pod;
  const prepared = request.operation === "create" ? prepareForCreate(mutatedPod) : mutatedPod;
  const review = sims.validating.reviewPod(deepCopy(prepared), gkRequest);
  const pod = review.mutatedPod as unknown as Pod;
  const notes = [...mutation.notes, ...review.notes.filter((n) => !mutation.notes.includes(n))];
  const outcome: GatekeeperOutcome = {
    allowed: true,
    reasons: [],
    violations: review.violations,
    mutations: mutation.mutations,
    pod,
    notes,
  };
  if (!mutation.allowed) {
    return { ...outcome, allowed: false, deniedBy: "mutation-failure", reasons: [mutation.mutationError ?? ""] };
  }
  if (!review.allowed) {
    const reasons = review.violations
      .filter((v) => v.blocks)
      .flatMap((v) => v.messages.map((m) => `${v.constraint}: ${m}`));
    return { ...outcome, allowed: false, deniedBy: "constraints", reasons };
  }
  const coreErrors = validateCorePod(pod);
  if (coreErrors.length > 0) {
    // The API server validates the object after all mutating admission, before the validating webhooks;
    // it refuses what the mutators produced whatever the constraints say.
    return { ...outcome, allowed: false, deniedBy: "core-validation", reasons: [invalidPodMessage(pod, coreErrors)] };
  }
  if (request.operation === "update" && !semanticEqual(podIn.spec, pod.spec)) {
    return {
      ...outcome,
      allowed: false,
      deniedBy: "immutable-spec",
      reasons: ["mutation of the immutable pod spec on update"],
    };
  }
  return outcome;
}
