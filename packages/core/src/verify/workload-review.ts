/**
 * A workload itself through Gatekeeper's expansion (`convert --workloads`): the converted policies
 * with their ExpansionTemplates refuse a Deployment (Job, CronJob, …) up front when its mock pod
 * violates a pod constraint, where PSP admitted the workload and failed its pods later.
 *
 * The comparison is with the PSP engine's decision for the pod the workload's controller creates:
 * Gatekeeper should reject the workload exactly when PSP denies that pod. A workload admitted whose
 * pod PSP denies is a security regression (its pods are then checked one by one, but nothing stops
 * the workload); a workload rejected whose pod PSP admits is an availability regression (the
 * workload never gets in at all). Equal decisions agree: effective values are the pod's business.
 *
 * A workload disagreement is explained by the finding that explains its pod's disagreement of the same
 * class. When the pod has no such disagreement, the mock pod was judged otherwise than the real pod
 * (expansion reviews it without a requesting user, before the API server's own steps): no finding of
 * the conversion predicts that, and `cause` says what differs.
 */

import { compileExpansionTemplates, type GatekeeperSimulator, type WorkloadReview } from "../gatekeeper/index.js";
import { findingAppliesTo } from "../model/findings.js";
import type { Workload } from "../model/k8s-types.js";
import type { AdmissionResult } from "../psp/admission-types.js";
import { deepCopy } from "../psp/plain-data.js";
import type { ConversionFacts, Difference, DisagreementKind } from "./classify.js";
import type { Requester } from "./requester.js";

/** The `psp2gk.io/concern` of whole-cluster policy-set constraints (they look at who may use which PSP). */
const POLICY_SET_CONCERN = "policy-set";

export interface WorkloadVerdict {
  /** Who sent the workload's CREATE (whoever applied it, or the Deployment/CronJob controller). */
  requester: { user: string; groups: string[]; reason: string };
  /** The ExpansionTemplates that apply to the workload's kind (its mock pod's `[Implied by …]`). */
  expandedBy: string[];
  /** Would Gatekeeper admit the workload itself? */
  allowed: boolean;
  /** `Kind/name: [Implied by <template>] message` per blocking violation, or the expansion error. */
  reasons: string[];
  /** Non-blocking violations (warn/dryrun), `Kind/name: message`. */
  warnings: string[];
  /** Why expansion failed (a mutator failed on the mock pod): the webhook then rejects the workload. */
  expansionError?: string;
  /** Against the PSP engine's decision for the workload's pod. */
  kind: Exclude<DisagreementKind, "mutation-difference"> | "agree";
  /** The decisions; explained by the pod's finding when the pod has the same disagreement. */
  differences: Difference[];
  /**
   * When the pod's own verdict is not the same disagreement: what makes the mock pod judged otherwise
   * than the real one (no requesting user, no ServiceAccount admission, a mutation failure, …).
   */
  cause?: string;
}

/** Which ExpansionTemplates apply to which workload `apiVersion`/`kind`, compiled once. */
export type ExpansionMatcher = (workload: Workload) => string[];

/** Compiles the templates (throws `GatekeeperInputError` for one Gatekeeper would refuse). */
export function expansionMatcher(templates: readonly Record<string, unknown>[]): ExpansionMatcher {
  const compiled = compileExpansionTemplates(templates);
  return (workload) => {
    const [group, version] = workload.apiVersion.includes("/")
      ? (workload.apiVersion.split("/", 2) as [string, string])
      : ["", workload.apiVersion];
    const gvk = { group, version, kind: workload.kind };
    return compiled.filter((t) => t.appliesTo(gvk)).map((t) => t.name);
  };
}

export interface WorkloadReviewInput {
  workload: Workload;
  expandedBy: string[];
  requester: Requester;
  /** The PSP engine's decision for the pod the workload's controller creates. */
  engine: AdmissionResult;
  /** That pod's own verdict, whose explanation a workload disagreement of the same class shares. */
  pod: { kind: DisagreementKind | "agree"; differences: readonly Difference[] };
  namespaces: readonly unknown[];
  facts: ConversionFacts;
}

export function reviewWorkloadAdmission(sim: GatekeeperSimulator, input: WorkloadReviewInput): WorkloadVerdict {
  const { workload, requester, engine } = input;
  const namespace = workload.metadata.namespace ?? "default";
  const object = deepCopy(workload) as unknown as Record<string, unknown>;
  const review = sim.reviewWorkload(object, {
    operation: "CREATE",
    userInfo: { username: requester.identity.user, groups: [...requester.identity.groups] },
    namespace,
    namespaces: input.namespaces,
  });
  const reasons =
    review.expansionError !== undefined
      ? [review.expansionError]
      : review.violations.filter((v) => v.blocks).flatMap((v) => v.messages.map((m) => `${v.constraint}: ${m}`));
  const verdict: WorkloadVerdict = {
    requester: { user: requester.identity.user, groups: [...requester.identity.groups], reason: requester.reason },
    expandedBy: input.expandedBy,
    allowed: review.allowed,
    reasons,
    warnings: review.violations.filter((v) => !v.blocks).flatMap((v) => v.messages.map((m) => `${v.constraint}: ${m}`)),
    ...(review.expansionError !== undefined ? { expansionError: review.expansionError } : {}),
    kind: "agree",
    differences: [],
  };
  if (review.allowed === engine.allowed) return verdict;
  if (review.allowed && input.pod.kind !== "security-regression") {
    // Not refused up front, but its pods are refused when created — what PSP did for every workload.
    // Expected where the policy set depends on who creates the pod (workloads-checked-at-pod-creation).
    verdict.cause =
      "admitted up front; Gatekeeper refuses its pods when they are created, as PSP did" +
      (input.facts.findings.some(
        (f) => f.code === "workloads-checked-at-pod-creation" && findingAppliesTo(f, namespace),
      )
        ? " (workloads-checked-at-pod-creation)"
        : "");
    return verdict;
  }
  const kind: WorkloadVerdict["kind"] = review.allowed ? "security-regression" : "availability-regression";
  // The same disagreement on the pod: the finding that predicted the pod's explains the workload's.
  const explainedBy =
    input.pod.kind === kind ? input.pod.differences.find((d) => d.explainedBy)?.explainedBy : undefined;
  const gk = review.allowed ? "admits the workload" : `rejects the workload (${reasons.join("; ")})`;
  const psp = engine.allowed
    ? `admits its pod under ${engine.psp ?? "(none)"}`
    : `denies its pod (${engine.message ?? ""})`;
  verdict.kind = kind;
  verdict.differences = [{ description: `Gatekeeper ${gk}, PSP ${psp}`, ...(explainedBy ? { explainedBy } : {}) }];
  if (input.pod.kind !== kind) verdict.cause = expansionCause(review, input);
  return verdict;
}

/**
 * Why the mock pod is judged otherwise than the pod the controller creates (the pod's own verdict
 * differs from the workload's): what Gatekeeper's expansion does not do that admission does.
 */
function expansionCause(review: WorkloadReview, input: WorkloadReviewInput): string {
  const error = review.expansionError;
  if (error !== undefined) {
    return error.includes("failed to mutate resultant")
      ? "a mutator failed on the mock pod, so Gatekeeper cannot expand the workload and rejects it; the real pod would go on unmutated (the mutating webhook's failurePolicy Ignore)"
      : `Gatekeeper cannot expand the workload and rejects it (${error})`;
  }
  const policySet = review.violations.some(
    (v) => v.blocks && input.facts.constraintConcerns.get(v.constraint) === POLICY_SET_CONCERN,
  );
  if (policySet) {
    return "the mock pod is reviewed without a requesting user (it counts as system:authenticated only), so grants to particular users, groups or the controller that creates the real pod do not count: the policy-set constraint judges it against fewer PSPs than PSP judged the pod";
  }
  return review.allowed
    ? "the mock pod passes what refuses the real pod: the API server's own steps (ServiceAccount admission, PrepareForCreate, core pod validation) do not run on it"
    : "the mock pod lacks what the API server adds to the real pod (ServiceAccount admission's token volume and serviceAccountName, PrepareForCreate's seccomp field ↔ annotation) and has no requesting user";
}
