/**
 * reviewWorkloadAdmission's comparison, explanation and cause (workload-review.ts) on hand-made
 * Gatekeeper reviews, for the cases a real cluster rarely produces (an expansion that fails).
 */
import { describe, expect, it } from "vitest";
import { workloadExpansionTemplates } from "../../src/emit/expansion.js";
import type { GatekeeperSimulator, WorkloadReview } from "../../src/gatekeeper/index.js";
import type { Finding } from "../../src/model/findings.js";
import type { Pod, Workload } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import type { Difference } from "../../src/verify/classify.js";
import { requesterOf } from "../../src/verify/requester.js";
import { expansionMatcher, reviewWorkloadAdmission } from "../../src/verify/workload-review.js";

const workload: Workload = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop" },
  spec: { template: { spec: { containers: [{ name: "c", image: "x" }] } } },
};
const pod = { metadata: { name: "web-x", namespace: "shop" }, spec: { containers: [] } } as unknown as Pod;
const engine = (allowed: boolean): AdmissionResult => ({
  allowed,
  psp: allowed ? "restricted" : null,
  pod,
  mutations: {},
  errors: {},
  ...(allowed ? {} : { message: "PodSecurityPolicy: unable to admit pod: [privileged]" }),
  trace: [],
});
const review = (r: Partial<WorkloadReview>): WorkloadReview => ({
  mutatedWorkload: {},
  mutations: [],
  generated: [],
  violations: [],
  allowed: true,
  notes: [],
  ...r,
});
/** A simulator that answers every workload with `answer`, and records the request it got. */
function fakeSim(answer: WorkloadReview) {
  const seen: unknown[] = [];
  const sim = {
    reviewWorkload: (_w: unknown, request: unknown) => {
      seen.push(request);
      return answer;
    },
  } as unknown as GatekeeperSimulator;
  return { sim, seen };
}
const finding: Finding = { code: "apparmor-default-not-applied", level: "warning", message: "m", concern: "apparmor" };
const facts = { findings: [finding], constraintConcerns: new Map([["Psp2gkPolicySet/ps", "policy-set"]]) };

function judge(
  answer: WorkloadReview,
  pspAllows: boolean,
  podVerdict: { kind: "agree" | "availability-regression" | "security-regression"; differences: Difference[] },
) {
  const { sim, seen } = fakeSim(answer);
  const verdict = reviewWorkloadAdmission(sim, {
    workload,
    expandedBy: ["psp2gk-expand-workloads"],
    requester: requesterOf(undefined, { user: "ci", groups: [] }),
    engine: engine(pspAllows),
    pod: podVerdict,
    namespaces: [],
    facts,
  });
  return { verdict, seen };
}

const agreeingPod = { kind: "agree" as const, differences: [] };

describe("reviewWorkloadAdmission", () => {
  it("sends the workload's CREATE as its requester, in its namespace", () => {
    const { verdict, seen } = judge(review({}), true, agreeingPod);
    expect(seen).toEqual([
      {
        operation: "CREATE",
        userInfo: { username: "ci", groups: ["system:authenticated"] },
        namespace: "shop",
        namespaces: [],
      },
    ]);
    expect(verdict).toMatchObject({ allowed: true, kind: "agree", differences: [] });
  });

  it("the pod's disagreement of the same class explains the workload's; no cause then", () => {
    const blocked = review({
      allowed: false,
      violations: [
        { constraint: "Psp2gkAppArmor/a", enforcementAction: "deny", blocks: true, messages: ["[Implied by t] no"] },
        { constraint: "Psp2gkX/w", enforcementAction: "warn", blocks: false, messages: ["[Implied by t] hm"] },
      ],
    });
    const { verdict } = judge(blocked, true, {
      kind: "availability-regression",
      differences: [{ description: "d", explainedBy: finding }],
    });
    expect(verdict.kind).toBe("availability-regression");
    expect(verdict.reasons).toEqual(["Psp2gkAppArmor/a: [Implied by t] no"]);
    expect(verdict.warnings).toEqual(["Psp2gkX/w: [Implied by t] hm"]);
    expect(verdict.differences).toEqual([
      {
        description:
          "Gatekeeper rejects the workload (Psp2gkAppArmor/a: [Implied by t] no), PSP admits its pod under restricted",
        explainedBy: finding,
      },
    ]);
    expect(verdict.cause).toBeUndefined();
  });

  it("a mutator that fails on the mock pod: rejected, unexplained, the cause says the real pod would go on", () => {
    const failed = review({
      allowed: false,
      expansionError: "unable to expand object: failed to mutate resultant resource web-pod: boom",
    });
    const { verdict } = judge(failed, true, agreeingPod);
    expect(verdict.reasons).toEqual(["unable to expand object: failed to mutate resultant resource web-pod: boom"]);
    expect(verdict.expansionError).toMatch(/boom/);
    expect(verdict.differences[0]?.explainedBy).toBeUndefined();
    expect(verdict.cause).toMatch(/^a mutator failed on the mock pod/);
  });

  it("an expansion that fails otherwise: the cause quotes Gatekeeper's error", () => {
    const error = 'unable to expand object: could not find source field "spec.template" in resource web';
    const { verdict } = judge(review({ allowed: false, expansionError: error }), true, agreeingPod);
    expect(verdict.cause).toBe(`Gatekeeper cannot expand the workload and rejects it (${error})`);
  });

  it("a policy-set constraint rejecting the mock pod: the cause names the missing requester and service account", () => {
    const ps = review({
      allowed: false,
      violations: [{ constraint: "Psp2gkPolicySet/ps", enforcementAction: "deny", blocks: true, messages: ["none"] }],
    });
    const { verdict } = judge(ps, true, agreeingPod);
    expect(verdict.cause).toMatch(/without a requesting user.*grants to particular users, groups or the controller/);
  });

  it("admitted while PSP denies its pod and Gatekeeper the real pod: not refused up front, as under PSP (agree)", () => {
    const { verdict } = judge(review({ allowed: true }), false, agreeingPod);
    expect(verdict.kind).toBe("agree");
    expect(verdict.differences).toEqual([]);
    expect(verdict.cause).toMatch(/^admitted up front; Gatekeeper refuses its pods when they are created, as PSP did/);
  });

  it("admitted while PSP denies its pod and Gatekeeper admits the pod too: the pod's security regression", () => {
    const podRegression = {
      kind: "security-regression" as const,
      differences: [{ description: "pod admitted" }],
    };
    const { verdict } = judge(review({ allowed: true }), false, podRegression);
    expect(verdict.kind).toBe("security-regression");
    expect(verdict.differences[0]?.description).toBe(
      "Gatekeeper admits the workload, PSP denies its pod (PodSecurityPolicy: unable to admit pod: [privileged])",
    );
  });
});

describe("expansionMatcher", () => {
  it("the templates that apply to a workload's group, version and kind", () => {
    const match = expansionMatcher(workloadExpansionTemplates());
    expect(match(workload)).toEqual(["psp2gk-expand-workloads"]);
    expect(match({ ...workload, kind: "CronJob", apiVersion: "batch/v1" })).toEqual(["psp2gk-expand-cronjobs"]);
    // An old API version no template lists.
    expect(match({ ...workload, apiVersion: "extensions/v1beta1" })).toEqual([]);
  });
});
