import { describe, expect, it } from "vitest";
import { concern } from "../../../src/concerns/run-as-group/index.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import { psp } from "../../psp/fixtures.js";

const covers = (policy: PodSecurityPolicy, other: PodSecurityPolicy): boolean =>
  concern.coversUnchanged?.(policy, other) ?? false;

describe("run-as-group coversUnchanged", () => {
  const may = (min: number, max: number) => ({ rule: "MayRunAs" as const, ranges: [{ min, max }] });
  const must = (min: number, max: number) => ({ rule: "MustRunAs" as const, ranges: [{ min, max }] });
  it("RunAsAny covers anything", () => {
    expect(covers(psp("a", { runAsGroup: { rule: "RunAsAny" } }), psp("b", { runAsGroup: must(1, 2) }))).toBe(true);
  });
  it("MustRunAs never covers (it fills an unset value every strategy admits)", () => {
    expect(covers(psp("a", { runAsGroup: must(0, 65535) }), psp("b", { runAsGroup: must(5, 5) }))).toBe(false);
  });
  it("MayRunAs covers MayRunAs/MustRunAs with ranges inside its own", () => {
    const a = psp("a", {
      runAsGroup: {
        rule: "MayRunAs",
        ranges: [
          { min: 1, max: 10 },
          { min: 11, max: 20 },
        ],
      },
    });
    expect(covers(a, psp("b", { runAsGroup: may(5, 15) }))).toBe(true);
    expect(covers(a, psp("b", { runAsGroup: must(20, 20) }))).toBe(true);
    expect(covers(a, psp("b", { runAsGroup: may(15, 21) }))).toBe(false);
    expect(covers(a, psp("b", { runAsGroup: { rule: "RunAsAny" } }))).toBe(false);
  });
  it("an omitted runAsGroup is RunAsAny", () => {
    expect(covers(psp("a"), psp("b", { runAsGroup: must(1, 1) }))).toBe(true);
    expect(covers(psp("a", { runAsGroup: may(0, 10) }), psp("b"))).toBe(false);
  });
});
