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
