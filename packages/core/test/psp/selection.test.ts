import { describe, expect, it } from "vitest";
import { compareBytewise, evaluationOrder, sortedPolicies } from "../../src/psp/selection.js";
import { psp } from "./fixtures.js";

const names = (list: readonly { name: string }[]) => list.map((p) => p.name);

describe("selection order", () => {
  it("sorts byte-wise: upper case before lower case, digits as characters", () => {
    const list = [psp("a"), psp("Z"), psp("psp-9"), psp("psp-10")];
    expect(names(sortedPolicies(list))).toEqual(["Z", "a", "psp-10", "psp-9"]);
    expect(compareBytewise("Z", "a")).toBeLessThan(0);
    expect(compareBytewise("b", "a")).toBeGreaterThan(0);
  });
  it("moves the hinted PSP to the front and keeps the rest in name order", () => {
    const list = [psp("a"), psp("b"), psp("c")];
    expect(names(evaluationOrder(list, "c"))).toEqual(["c", "a", "b"]);
  });
  it("ignores a hint that names no PSP, and an empty hint", () => {
    const list = [psp("b"), psp("a")];
    expect(names(evaluationOrder(list, "gone"))).toEqual(["a", "b"]);
    expect(names(evaluationOrder(list, ""))).toEqual(["a", "b"]);
  });
  it("marks inert PSPs with their reason and usable ones without", () => {
    const inert = psp("inert", { runAsUser: { rule: "MustRunAs" } });
    const [first, second] = sortedPolicies([psp("ok"), inert]);
    expect(first?.name).toBe("inert");
    expect(first?.inert).toMatch(/range/i);
    expect(second?.inert).toBeUndefined();
  });
  it("computes the order once per PSP list (cached by identity)", () => {
    const list = [psp("b"), psp("a")];
    expect(sortedPolicies(list)).toBe(sortedPolicies(list));
    expect(sortedPolicies([...list])).not.toBe(sortedPolicies(list));
  });
});
