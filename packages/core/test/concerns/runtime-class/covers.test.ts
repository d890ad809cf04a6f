import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/runtime-class/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("runtime-class coversUnchanged", () => {
  it("no strategy covers; a default runtime class never does (it would be written)", () => {
    expect(covers(psp("a"), psp("b", { runtimeClass: { allowedRuntimeClassNames: ["gvisor"] } }))).toBe(true);
    expect(
      covers(
        psp("a", { runtimeClass: { allowedRuntimeClassNames: ["*"], defaultRuntimeClassName: "gvisor" } }),
        psp("b"),
      ),
    ).toBe(false);
  });
  it("allowed names: `*` covers all; else the other's names must be listed", () => {
    const a = psp("a", { runtimeClass: { allowedRuntimeClassNames: ["gvisor", "kata"] } });
    expect(
      covers(a, psp("b", { runtimeClass: { allowedRuntimeClassNames: ["kata"], defaultRuntimeClassName: "kata" } })),
    ).toBe(true);
    expect(covers(a, psp("b"))).toBe(false);
    expect(covers(a, psp("b", { runtimeClass: { allowedRuntimeClassNames: ["*"] } }))).toBe(false);
    expect(covers(psp("a", { runtimeClass: { allowedRuntimeClassNames: ["*"] } }), psp("b"))).toBe(true);
  });
});
