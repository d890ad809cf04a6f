import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sortKeys, toYaml, toYamlStream } from "../../src/emit/yaml-out.js";

describe("deterministic YAML", () => {
  it("emits multi-line sources as block literals and round-trips", () => {
    const doc = { kind: "X", spec: { rego: "package a\n\nviolation[{}] {\n  true\n}\n", expr: "a && b" } };
    const text = toYaml(doc);
    expect(text).toContain("rego: |");
    expect(parse(text)).toEqual(doc);
  });
  it("does not emit anchors for repeated objects", () => {
    const shared = { min: 1, max: 2 };
    expect(toYaml({ a: shared, b: shared })).not.toMatch(/[&*]a\d|&\w/);
  });
  it("quotes strings YAML would otherwise read as other types", () => {
    const doc = { a: "true", b: "0755", c: "null", d: "1e3", e: "- x", f: "on" };
    expect(parse(toYaml(doc))).toEqual(doc);
  });
  it("sorts keys recursively and separates stream documents", () => {
    expect(Object.keys(sortKeys({ b: 1, a: { d: 1, c: 2 } }))).toEqual(["a", "b"]);
    expect(toYamlStream([{ a: 1 }, { b: 2 }])).toBe("---\na: 1\n---\nb: 2\n");
  });
});
