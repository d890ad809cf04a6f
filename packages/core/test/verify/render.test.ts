/** Text and Markdown rendering of a VerifyResult (render.ts), on hand-made results. */
import { describe, expect, it } from "vitest";
import { renderVerifyMarkdown, renderVerifyText } from "../../src/verify/render.js";
import type { PodVerdict, VerifyResult } from "../../src/verify/verify.js";

const counts = {
  pods: 1,
  agree: 0,
  securityRegressions: 0,
  availabilityRegressions: 0,
  mutationDifferences: 1,
  unexplained: 1,
  pspChanged: 0,
  reliedOnMutation: 0,
};

const pod: PodVerdict = {
  object: "Pod/ns/a|b",
  source: "pods.yaml:3:1",
  namespace: "ns",
  serviceAccount: "default",
  requester: { user: "u", groups: ["system:authenticated"], reason: "--as" },
  psp: { allowed: true, psp: "p", mutations: [] },
  gatekeeper: { allowed: true, reasons: [], mutators: [], warnings: [], notes: [] },
  kind: "mutation-difference",
  differences: [
    { description: "fsGroup: 1 ≠ 2", explainedBy: { code: "c", level: "info", message: "why", concern: "fs-group" } },
    { description: "containers[0].runAsUser: 1 ≠ 2" },
  ],
  serviceAccountAdmission: [],
};

const result: VerifyResult = {
  status: "verified",
  policies: "converted",
  counts,
  pods: [pod],
  refusal: [],
  notes: ["n"],
};

describe("renderVerifyText", () => {
  it("tags each field with its finding and says when one is not explained", () => {
    const text = renderVerifyText(result);
    expect(text).toMatch(/^psp2gk verify: 1 pod\(s\) through PSP and through the converted directory\n/);
    expect(text).toContain("  fsGroup: 1 ≠ 2  (c)\n  containers[0].runAsUser: 1 ≠ 2  (NOT explained)\n");
    expect(text).toContain("  explained by [c] (fs-group): why\n  NOT explained by any finding\n");
    expect(text).toMatch(/\nnote: n\n$/);
  });

  it("a refused conversion: the error findings", () => {
    const refused: VerifyResult = {
      ...result,
      status: "nothing-converted",
      pods: [],
      refusal: [{ code: "no-usable-psp", level: "error", message: "none" }],
    };
    expect(renderVerifyText(refused)).toBe(
      "psp2gk verify: the conversion was refused, so there is nothing converted to verify against:\n  error [no-usable-psp] none\n",
    );
    expect(renderVerifyMarkdown(refused)).toContain("- **no-usable-psp**: none");
  });
});

describe("renderVerifyMarkdown", () => {
  it("one row per difference, pipes escaped, unexplained in bold", () => {
    const md = renderVerifyMarkdown(result);
    expect(md).toContain(
      "| Pod/ns/a\\|b (pods.yaml:3:1) | admits under p | admits | fsGroup: 1 ≠ 2 | `c` (fs-group) |",
    );
    expect(md).toContain("| containers[0].runAsUser: 1 ≠ 2 | **none** |");
    expect(md).toMatch(/\n> n\n$/);
  });
});

const workloadPod: PodVerdict = {
  ...pod,
  object: "Deployment/ns/web",
  source: "apps.yaml:1:1",
  psp: { allowed: true, psp: "restricted", mutations: [] },
  kind: "agree",
  differences: [],
  workload: {
    requester: { user: "ci", groups: ["system:authenticated"], reason: "--as" },
    expandedBy: ["psp2gk-expand-workloads"],
    allowed: false,
    reasons: ["K/x: [Implied by psp2gk-expand-workloads] no|way"],
    warnings: [],
    kind: "availability-regression",
    differences: [{ description: "Gatekeeper rejects the workload (…), PSP admits its pod under restricted" }],
    cause: "the mock pod has no requesting user",
  },
};
const withWorkload: VerifyResult = {
  ...result,
  counts: {
    ...counts,
    pods: 2,
    workloads: { reviewed: 1, agree: 0, securityRegressions: 0, availabilityRegressions: 1, unexplained: 1 },
  },
  pods: [workloadPod, pod],
};

describe("workloads reviewed through the ExpansionTemplates", () => {
  it("text: the workload counts, and each workload disagreement with both decisions and its cause", () => {
    const text = renderVerifyText(withWorkload);
    expect(text).toMatch(/\n {2}workload availability regressions +1\n/);
    expect(text).toContain(
      [
        "workload availability regression (Gatekeeper rejects the workload, PSP admits its pod): Deployment/ns/web (apps.yaml:1:1)",
        "  requester of the workload: ci [--as]",
        "  PSP: admits its pod under restricted",
        "  Gatekeeper (psp2gk-expand-workloads): rejects the workload: K/x: [Implied by psp2gk-expand-workloads] no|way",
        "  NOT explained by any finding",
        "  cause: the mock pod has no requesting user",
      ].join("\n"),
    );
    // Without workload counts (no ExpansionTemplates) no workload line at all.
    expect(renderVerifyText(result)).not.toMatch(/workload/);
  });

  it("markdown: a row per workload disagreement, pipes escaped", () => {
    const md = renderVerifyMarkdown(withWorkload);
    expect(md).toContain("| workload availability regressions | 1 |");
    expect(md).toContain(
      "| Deployment/ns/web (apps.yaml:1:1) | availability-regression | admits its pod under restricted | rejects the workload: K/x: [Implied by psp2gk-expand-workloads] no\\|way | **none** | the mock pod has no requesting user |",
    );
  });
});

describe("kubernetes.io/psp reached only through a requester's own grant", () => {
  const annotated: PodVerdict = {
    ...pod,
    kind: "agree",
    differences: [],
    pspAnnotation: {
      annotated: "privileged",
      chosenNow: null,
      stillChosen: false,
      replayedFrom: "the stored pod",
      reliedOnMutation: null,
      mutationEvidence: [],
      requesterGrants: ["Group/admins"],
    },
  };
  it("says who has such a grant and to replay with --as", () => {
    const r: VerifyResult = { ...result, pods: [annotated] };
    const hint =
      "privileged is usable here only by requesters with a grant of their own (Group/admins), not by the pod's service account nor u: created by a requester with its own grant? replay with --as";
    expect(renderVerifyText(r)).toContain(`admitted by privileged, now denied (replaying the stored pod);`);
    expect(renderVerifyText(r)).toContain(hint);
    expect(renderVerifyMarkdown(r)).toContain(hint);
  });
});
