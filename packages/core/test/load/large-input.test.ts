/**
 * Large inputs: cut into documents / List items (YAML) or JSON.parse'd, with exact positions, and
 * refused clearly when they cannot be cut. The big-file test generates 50 MB of JSON in a temp dir.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadInputs, parseText } from "../../src/load/index.js";
import { jsonErrorOffset } from "../../src/load/json-error.js";
import { cutListItems, jsonItemSpans, splitYamlDocuments } from "../../src/load/large-input.js";

const tmp = mkdtempSync(join(tmpdir(), "psp2gk-large-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Limits so small that a few KB take the large-input paths. */
const TINY = { wholeParseChars: 10, maxDocumentChars: 400 };

const podItem = (i: number, indent = "") =>
  [
    `${indent}- apiVersion: v1`,
    `${indent}  kind: Pod`,
    `${indent}  metadata:`,
    `${indent}    name: pod-${i}`,
    `${indent}    namespace: ns`,
    `${indent}  spec:`,
    `${indent}    containers:`,
    `${indent}    - name: c`,
    `${indent}      securityContext: {runAsUser: ${i}}`,
  ].join("\n");

const list = (n: number, indent = "") =>
  `apiVersion: v1\nitems:\n${Array.from({ length: n }, (_, i) => podItem(i, indent)).join("\n")}\n# trailing comment\nkind: List\nmetadata:\n  resourceVersion: ""\n`;

describe("cutting YAML", () => {
  it("splits documents at --- and ... lines", () => {
    const text = "a: 1\n---\nb: 2\n...\n--- c: 3\n";
    expect(splitYamlDocuments(text).map((s) => text.slice(s.start, s.end))).toEqual([
      "a: 1\n",
      "---\nb: 2\n...\n",
      "--- c: 3\n",
    ]);
  });
  it("cuts a List into items, keeping columns and blanking the items in the header", () => {
    const doc = list(2);
    const cut = cutListItems(doc);
    expect(cut?.items.map((i) => i.text.split("\n")[0])).toEqual(["  apiVersion: v1", "  apiVersion: v1"]);
    expect(cut?.shell.split("\n").length).toBe(doc.split("\n").length);
    expect(cut?.shell).toContain("items: []");
    expect(cut?.shell).toContain("kind: List");
  });
  it("does not cut what is not a block sequence under a top-level items:", () => {
    expect(cutListItems("kind: List\nitems: [a, b]\n")).toBeUndefined();
    expect(cutListItems("kind: X\nspec:\n  items:\n  - a\n")).toBeUndefined();
  });
});

describe("large YAML through the cutting path", () => {
  for (const indent of ["", "  "]) {
    it(`gives the same objects and positions as a whole parse (items indented by ${indent.length})`, () => {
      const text = list(5, indent);
      const whole = parseText(text, "f.yaml");
      const cut = parseText(text, "f.yaml", TINY);
      expect(cut.diagnostics).toEqual([]);
      expect(cut.objects.map((o) => o.value)).toEqual(whole.objects.map((o) => o.value));
      expect(cut.objects.map((o) => o.source)).toEqual(whole.objects.map((o) => o.source));
      const path = ["spec", "containers", 0, "securityContext", "runAsUser"];
      expect(cut.objects.map((o) => o.locate(path))).toEqual(whole.objects.map((o) => o.locate(path)));
    });
  }
  it("handles a multi-document stream with small documents and a big List", () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n${list(3)}`;
    const r = parseText(text, "f.yaml", TINY);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.source.line)).toEqual([1, 7, 16, 25]);
  });
  it("refuses a big document it cannot cut, clearly", () => {
    const text = `kind: ConfigMap\ndata:\n${Array.from({ length: 40 }, (_, i) => `  k${i}: "${"x".repeat(20)}"`).join("\n")}\n`;
    const r = parseText(text, "f.yaml", TINY);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics).toMatchObject([{ code: "input-too-large", source: { file: "f.yaml", line: 1 } }]);
    expect(r.diagnostics[0]?.message).toContain("split it into several documents");
  });
  it("reports an alias to an anchor in another List item as an error of that item", () => {
    const text = `kind: List\nitems:\n- &a {kind: A}\n- *a\n${"# pad\n".repeat(80)}`;
    const r = parseText(text, "f.yaml", TINY);
    expect(r.objects.map((o) => o.value)).toEqual([{ kind: "A" }]);
    expect(r.diagnostics).toMatchObject([{ code: "yaml-syntax", source: { line: 4 } }]);
    expect(r.diagnostics[0]?.message).toContain("alias");
  });
});

describe("large JSON", () => {
  it("finds item spans of the items array and of a top-level array, ignoring brackets in strings", () => {
    const obj = '{"metadata": {"items": [1]}, "s": "items\\"]", "items": [ {"a": "[}"} , 2 ,"x"]}';
    expect(jsonItemSpans(obj).map((s) => obj.slice(s.start, s.end))).toEqual(['{"a": "[}"}', "2", '"x"']);
    const arr = '[{"a":1},\n {"b":[2]}]';
    expect(jsonItemSpans(arr).map((s) => arr.slice(s.start, s.end))).toEqual(['{"a":1}', '{"b":[2]}']);
  });
  it("positions items and fields as a whole parse does", () => {
    const items = Array.from({ length: 4 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: `n${i}`, labels: { i: String(i) } },
    }));
    const text = JSON.stringify({ apiVersion: "v1", kind: "List", items }, null, 2);
    const whole = parseText(text, "f.json");
    const fast = parseText(text, "f.json", TINY);
    expect(fast.objects.map((o) => o.value)).toEqual(whole.objects.map((o) => o.value));
    expect(fast.objects.map((o) => o.source)).toEqual(whole.objects.map((o) => o.source));
    expect(fast.objects.map((o) => o.locate(["metadata", "labels", "i"]))).toEqual(
      whole.objects.map((o) => o.locate(["metadata", "labels", "i"])),
    );
  });
  it("finds the offset of the first JSON syntax error, and none in valid JSON", () => {
    for (const ok of ['{"a": [1, -2.5e3, true, null, "x\\n"]}', "[]", ' {"b": {}} '])
      expect(jsonErrorOffset(ok)).toBeUndefined();
    expect(jsonErrorOffset('{"a": [1,]}')).toBe(9);
    expect(jsonErrorOffset('{"a" 1}')).toBe(5);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
  });
  it("reports a JSON syntax error with its line", () => {
    const r = parseText('{\n  "kind": "List",\n  "items": [,]\n}\n', "f.json", TINY);
    expect(r.diagnostics).toMatchObject([{ code: "json-syntax", source: { file: "f.json", line: 3, col: 13 } }]);
    expect(r.diagnostics[0]?.message).toBe("invalid JSON: Unexpected token ','");
  });

  it("loads a 50 MB kubectl -o json dump of pods within memory and time", async () => {
    const file = join(tmp, "pods.json");
    const pod = (i: number) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `pod-${i}`, namespace: `ns-${i % 50}`, labels: { app: "web" }, uid: `uid-${i}` },
      spec: {
        serviceAccountName: "default",
        containers: [{ name: "c", image: "nginx:1.21", securityContext: { runAsUser: 1000 } }],
        volumes: [{ name: "data", emptyDir: {} }],
      },
      status: { phase: "Running", podIP: "10.0.0.1" },
    });
    const n = Math.ceil(50e6 / JSON.stringify(pod(0), null, 4).length);
    const items = Array.from({ length: n }, (_, i) => pod(i));
    writeFileSync(
      file,
      JSON.stringify({ apiVersion: "v1", kind: "List", items, metadata: { resourceVersion: "" } }, null, 4),
    );
    const before = process.memoryUsage().rss;
    const b = await loadInputs([file]);
    const grew = process.memoryUsage().rss - before;
    expect(b.diagnostics).toEqual([]);
    expect(b.pods).toHaveLength(n);
    expect(b.pods[0]?.source.line).toBeGreaterThan(1);
    expect(grew).toBeLessThan(2e9);
  }, 120_000);
});
