import { describe, expect, it } from "vitest";
import { selectorMatches } from "../../src/rbac/index.js";
import { selectorProblem } from "../../src/rbac/label-selector.js";

describe("label selectors", () => {
  const labels = { tier: "psp", team: "a" };
  it("matchLabels needs every pair", () => {
    expect(selectorMatches({ matchLabels: { tier: "psp" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { tier: "psp", team: "b" } }, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { tier: "psp" } }, undefined)).toBe(false);
  });
  it("matchExpressions In / NotIn / Exists / DoesNotExist", () => {
    expect(selectorMatches({ matchExpressions: [{ key: "team", operator: "In", values: ["a", "b"] }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: "team", operator: "In", values: ["b"] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "team", operator: "NotIn", values: ["b"] }] }, labels)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: "team", operator: "NotIn", values: ["a"] }] }, labels)).toBe(
      false,
    );
    // A missing label is "not in" every set.
    expect(selectorMatches({ matchExpressions: [{ key: "x", operator: "NotIn", values: ["a"] }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "Exists" }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "x", operator: "Exists" }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "x", operator: "DoesNotExist" }] }, labels)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "DoesNotExist" }] }, labels)).toBe(false);
  });
  it("matchLabels and matchExpressions are ANDed; an empty selector matches everything", () => {
    const s = {
      matchLabels: { tier: "psp" },
      matchExpressions: [{ key: "team", operator: "In" as const, values: ["b"] }],
    };
    expect(selectorMatches(s, labels)).toBe(false);
    expect(selectorMatches({}, {})).toBe(true);
  });
  it("invalid selectors (as the API server would refuse them) match nothing and say why", () => {
    const bad = { matchExpressions: [{ key: "team", operator: "In" as const, values: [] }] };
    expect(selectorProblem(bad)).toMatch(/In needs at least one value/);
    expect(selectorMatches(bad, labels)).toBe(false);
    const bad2 = { matchExpressions: [{ key: "team", operator: "Exists" as const, values: ["a"] }] };
    expect(selectorProblem(bad2)).toMatch(/takes no values/);
  });
});
