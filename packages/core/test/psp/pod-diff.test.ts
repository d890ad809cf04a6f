import { describe, expect, it } from "vitest";
import { applyMutations, diffPods, parsePath } from "../../src/psp/pod-diff.js";

describe("diffPods", () => {
  it("reports a field written into a container whose securityContext was absent, at leaf level", () => {
    const before = { spec: { containers: [{ name: "c" }] } };
    const after = { spec: { containers: [{ name: "c", securityContext: { runAsUser: 1 } }] } };
    expect(diffPods(before, after)).toEqual({ "spec.containers[0].securityContext.runAsUser": 1 });
  });
  it("reports structs PSP writes whole (seLinuxOptions) and lists as one value", () => {
    const after = { spec: { securityContext: { seLinuxOptions: { level: "s0" }, supplementalGroups: [5] } } };
    expect(diffPods({ spec: {} }, after)).toEqual({
      "spec.securityContext.seLinuxOptions": { level: "s0" },
      "spec.securityContext.supplementalGroups": [5],
    });
  });
  it("uses bracket syntax for annotation keys", () => {
    const after = { metadata: { annotations: { "a.b/c": "x" } } };
    expect(diffPods({ metadata: {} }, after)).toEqual({ 'metadata.annotations["a.b/c"]': "x" });
  });
  it("reports nothing for semantically equal pods (nil vs empty list)", () => {
    expect(diffPods({ spec: { volumes: [] } }, { spec: {} })).toEqual({});
  });
});

describe("applyMutations / parsePath", () => {
  it("round-trips a diff", () => {
    const before = { metadata: {}, spec: { containers: [{ name: "c" }] } };
    const after = {
      metadata: { annotations: { "k/x": "v" } },
      spec: { containers: [{ name: "c", securityContext: { readOnlyRootFilesystem: true } }] },
    };
    expect(applyMutations(before, diffPods(before, after))).toEqual(after);
  });
  it("parses members, indexes and quoted keys", () => {
    expect(parsePath('a.b[0]["c.d"]')).toEqual(["a", "b", 0, "c.d"]);
  });
  it("refuses a malformed path", () => {
    expect(() => parsePath("a..b")).toThrow(/cannot parse field path/);
  });
});
