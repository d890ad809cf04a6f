import { describe, expect, it } from "vitest";
import { deepCopy, semanticEqual } from "../../src/psp/plain-data.js";

describe("semanticEqual (apiequality.Semantic.DeepEqual on JSON pods)", () => {
  it("treats an absent list and an empty list as equal", () => {
    expect(semanticEqual({ spec: {} }, { spec: { volumes: [] } })).toBe(true);
    expect(semanticEqual({ spec: {} }, { spec: { volumes: [{ name: "v" }] } })).toBe(false);
  });
  it("treats an absent map and an empty map as equal, under map-typed keys only", () => {
    expect(semanticEqual({ metadata: {} }, { metadata: { annotations: {} } })).toBe(true);
    expect(semanticEqual({ metadata: {} }, { metadata: { annotations: { a: "1" } } })).toBe(false);
  });
  it("treats an absent struct and an empty struct as different (Go nil pointer vs &T{})", () => {
    expect(semanticEqual({ c: {} }, { c: { securityContext: {} } })).toBe(false);
    expect(semanticEqual({ c: { securityContext: {} } }, { c: { securityContext: {} } })).toBe(true);
  });
  it("treats a zero non-pointer scalar as absent, but not a zero pointer field", () => {
    expect(semanticEqual({ spec: {} }, { spec: { hostPID: false } })).toBe(true);
    expect(semanticEqual({ sc: {} }, { sc: { runAsUser: 0 } })).toBe(false);
    expect(semanticEqual({ sc: {} }, { sc: { privileged: false } })).toBe(false);
  });
  it("ignores members set to undefined", () => {
    expect(semanticEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
  });
  it("compares scalars and list order exactly", () => {
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
    expect(semanticEqual({ x: 1 }, { x: true })).toBe(false);
  });
});

describe("deepCopy", () => {
  it("copies nested data so changes to the copy do not reach the original", () => {
    const original = { a: { b: [1, { c: 2 }] } };
    const copy = deepCopy(original);
    (copy.a.b[1] as { c: number }).c = 3;
    expect(original.a.b[1]).toEqual({ c: 2 });
    expect(copy).not.toBe(original);
  });
});
