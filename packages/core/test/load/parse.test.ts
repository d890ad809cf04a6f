/** parseText: documents, Lists and positions, with no file system. */
import { describe, expect, it } from "vitest";
import { parseText } from "../../src/load/index.js";

const F = "in.yaml";

describe("parseText", () => {
  it("reads a multi-document stream, skipping empty documents, each object at its own line", () => {
    const text = [
      "apiVersion: v1", // 1
      "kind: Namespace", // 2
      "metadata: {name: a}", // 3
      "---", // 4
      "# only a comment", // 5
      "---", // 6
      "---", // 7
      "apiVersion: v1", // 8
      "kind: Namespace", // 9
      "metadata:", // 10
      "  name: b", // 11
    ].join("\n");
    const r = parseText(text, F);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [(o.value as { metadata: { name: string } }).metadata.name, o.source])).toEqual([
      ["a", { file: F, line: 1, col: 1 }],
      ["b", { file: F, line: 8, col: 1 }],
    ]);
    expect(r.objects[1]?.locate(["metadata", "name"])).toEqual({ file: F, line: 11, col: 9 });
  });

  it("flattens kind: List, nested Lists and typed lists, giving items their own positions", () => {
    const text = [
      "apiVersion: v1", // 1
      "kind: List", // 2
      "items:", // 3
      "- apiVersion: v1", // 4
      "  kind: List", // 5
      "  items:", // 6
      "  - {apiVersion: v1, kind: Namespace, metadata: {name: inner}}", // 7
      "- apiVersion: policy/v1beta1", // 8
      "  kind: PodSecurityPolicyList", // 9
      "  items:", // 10
      "  - metadata: {name: typed}", // 11
      "    spec: {}", // 12
    ].join("\n");
    const r = parseText(text, F);
    expect(r.objects.map((o) => o.value)).toEqual([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "inner" } },
      { kind: "PodSecurityPolicy", apiVersion: "policy/v1beta1", metadata: { name: "typed" }, spec: {} },
    ]);
    expect(r.objects.map((o) => o.source.line)).toEqual([7, 11]);
    expect(r.objects[0]?.source.col).toBe(5);
    expect(r.objects[1]?.locate(["spec"])).toEqual({ file: F, line: 12, col: 11 });
  });

  it("reads JSON, with positions", () => {
    const text =
      '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {"kind": "Namespace", "apiVersion": "v1", "metadata": {"name": "j"}}\n  ]\n}\n';
    const r = parseText(text, "in.json");
    expect(r.diagnostics).toEqual([]);
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]?.source).toEqual({ file: "in.json", line: 5, col: 5 });
    expect(r.objects[0]?.locate(["metadata", "name"])).toEqual({ file: "in.json", line: 5, col: 68 });
  });

  it("locates a missing field at its deepest existing parent", () => {
    const r = parseText("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: []\n", F);
    expect(r.objects[0]?.locate(["spec", "containers", 3, "name"])).toEqual({ file: F, line: 6, col: 15 });
    expect(r.objects[0]?.locate(["spec", "hostPID"])).toEqual({ file: F, line: 6, col: 3 });
  });

  it("reads a top-level sequence as a list of objects", () => {
    const r = parseText("- {kind: A}\n- {kind: B}\n", F);
    expect(r.objects.map((o) => [o.value, o.source.line])).toEqual([
      [{ kind: "A" }, 1],
      [{ kind: "B" }, 2],
    ]);
  });

  it("keeps the other documents when one has a syntax error", () => {
    const r = parseText("kind: A\n---\nkind: B\n  bad: indent\n---\nkind: C\n", F);
    expect(r.objects.map((o) => o.value)).toEqual([{ kind: "A" }, { kind: "C" }]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.code === "yaml-syntax" && d.source?.line === 3)).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", source: { file: F, line: 3, col: 7 } });
  });

  it("reads YAML 1.2: yes/no/on are strings, not booleans (nothing is silently reinterpreted)", () => {
    const r = parseText("a: yes\nb: on\nc: 0777\n", F);
    expect(r.objects[0]?.value).toEqual({ a: "yes", b: "on", c: 777 });
  });
});
