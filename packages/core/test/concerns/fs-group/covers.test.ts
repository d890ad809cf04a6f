import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/fs-group/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("fs-group coversUnchanged", () => {
  const may = (min: number, max: number) => ({ rule: "MayRunAs" as const, ranges: [{ min, max }] });
  const must = (min: number, max: number) => ({ rule: "MustRunAs" as const, ranges: [{ min, max }] });
  it("RunAsAny covers anything", () => {
    expect(covers(psp("a", { fsGroup: { rule: "RunAsAny" } }), psp("b", { fsGroup: must(1, 2) }))).toBe(true);
  });
  it("MustRunAs never covers (it fills an unset value every strategy admits)", () => {
    expect(covers(psp("a", { fsGroup: must(0, 65535) }), psp("b", { fsGroup: must(5, 5) }))).toBe(false);
  });
  it("MayRunAs covers MayRunAs/MustRunAs with ranges inside its own", () => {
    const a = psp("a", {
      fsGroup: {
        rule: "MayRunAs",
        ranges: [
          { min: 1, max: 10 },
          { min: 11, max: 20 },
        ],
      },
    });
    expect(covers(a, psp("b", { fsGroup: may(5, 15) }))).toBe(true);
    expect(covers(a, psp("b", { fsGroup: must(20, 20) }))).toBe(true);
    expect(covers(a, psp("b", { fsGroup: may(15, 21) }))).toBe(false);
    expect(covers(a, psp("b", { fsGroup: { rule: "RunAsAny" } }))).toBe(false);
  });
});
