/**
 * Every kind of bad input yields a Diagnostic (never a throw): code, file, line and a message
 * fragment, one input file per case in ./inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadInputs } from "../../src/load/index.js";

const INPUTS = fileURLToPath(new URL("./inputs/", import.meta.url));

interface BadCase {
  input: string;
  code: string;
  line: number;
  col?: number;
  message: string;
  resource?: string;
  path?: string;
}

const CASES: BadCase[] = [
  {
    input: "malformed-yaml.yaml",
    code: "yaml-syntax",
    line: 7,
    message: "Flow map in block collection must be sufficiently indented",
  },
  {
    input: "wrong-type.yaml",
    code: "psp-invalid",
    line: 6,
    col: 16,
    message: 'Invalid value: "yes": must be of type boolean, not string',
    resource: "PodSecurityPolicy/wrong-type",
    path: "spec.hostNetwork",
  },
  {
    input: "missing-kind.yaml",
    code: "object-invalid",
    line: 1,
    message: "Required value: kind must be set",
    path: "kind",
  },
  {
    input: "missing-apiversion.yaml",
    code: "object-invalid",
    line: 1,
    message: "Required value: apiVersion must be set",
    path: "apiVersion",
  },
  {
    input: "missing-name.yaml",
    code: "object-invalid",
    line: 4,
    message: "Required value",
    resource: "ClusterRole/<unnamed>",
    path: "metadata.name",
  },
  {
    input: "missing-psp-name.yaml",
    code: "psp-invalid",
    line: 3,
    message: "Required value",
    resource: "PodSecurityPolicy/<unnamed>",
    path: "metadata.name",
  },
  {
    input: "missing-strategy.yaml",
    code: "psp-invalid",
    line: 6,
    message: "Required value",
    resource: "PodSecurityPolicy/no-selinux",
    path: "spec.seLinux",
  },
  {
    input: "unknown-rule.yaml",
    code: "psp-invalid",
    line: 7,
    col: 11,
    message: 'Unsupported value: "MustRunAsRoot": supported values: "MustRunAs", "MustRunAsNonRoot", "RunAsAny"',
    path: "spec.runAsUser.rule",
  },
  {
    input: "invalid-psp.yaml",
    code: "psp-invalid",
    line: 9,
    col: 12,
    message: "Invalid value: 100: min cannot be greater than max",
    resource: "PodSecurityPolicy/invalid-range",
    path: "spec.runAsUser.ranges[0].min",
  },
  {
    input: "bad-pod.yaml",
    code: "object-invalid",
    line: 10,
    col: 22,
    message: 'Invalid value: "http": must be of type number, not string',
    resource: "Pod/shop/web",
    path: "spec.containers[0].ports[0].containerPort",
  },
  { input: "alias-bomb.yaml", code: "yaml-alias-limit", line: 1, message: "expands more than 100 YAML aliases" },
  { input: "not-an-object.yaml", code: "object-not-a-map", line: 1, message: "got a string" },
  {
    input: "duplicate.yaml",
    code: "object-duplicate",
    line: 6,
    message: "defined twice: here and at ",
    resource: "Namespace/twice",
  },
  { input: "json-syntax.json", code: "json-syntax", line: 4, col: 28, message: "invalid JSON" },
  { input: "binary.yaml", code: "input-binary", line: 1, message: "file is binary (NUL byte at offset 7)" },
  { input: "latin1.yaml", code: "input-encoding", line: 4, message: "not valid UTF-8" },
  { input: "utf16.yaml", code: "input-encoding", line: 1, message: "UTF-16" },
  { input: "empty-dir", code: "input-empty-dir", line: 1, message: "no *.yaml, *.yml or *.json files" },
  { input: "does-not-exist.yaml", code: "input-not-found", line: 1, message: "no such file or directory" },
];

describe("bad input yields one clear diagnostic, never a throw", () => {
  for (const c of CASES) {
    it(`${c.input} → ${c.code}`, async () => {
      const file = join(INPUTS, c.input);
      const b = await loadInputs([file]);
      expect(b.diagnostics).toHaveLength(1);
      const d = b.diagnostics[0];
      expect(d?.level).toBe("error");
      expect(d?.code).toBe(c.code);
      expect(d?.source?.file).toBe(file);
      expect(d?.source?.line).toBe(c.line);
      if (c.col !== undefined) expect(d?.source?.col).toBe(c.col);
      expect(d?.message).toContain(c.message);
      if (c.resource) expect(d?.resource).toBe(c.resource);
      if (c.path) expect(d?.path).toBe(c.path);
    });
  }

  it("reports all problems of all inputs together, keeping the good objects", async () => {
    const b = await loadInputs([
      join(INPUTS, "duplicate.yaml"),
      join(INPUTS, "invalid-psp.yaml"),
      join(INPUTS, "does-not-exist.yaml"),
      join(INPUTS, "binary.yaml"),
    ]);
    expect(b.diagnostics.map((d) => d.code).sort()).toEqual([
      "input-binary",
      "input-not-found",
      "object-duplicate",
      "psp-invalid",
    ]);
    expect(b.namespaces.map((n) => n.object.metadata.name)).toEqual(["twice"]);
  });
});

describe("oversized documents (generated)", () => {
  const tmp = mkdtempSync(join(tmpdir(), "psp2gk-bad-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("refuses a 50 MB YAML document that is not a List, quickly and clearly", async () => {
    const file = join(tmp, "huge-configmap.yaml");
    const line = `  key: "${"x".repeat(90)}"\n`;
    writeFileSync(
      file,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n${line.repeat(Math.ceil(50e6 / line.length))}`,
    );
    const started = Date.now();
    const b = await loadInputs([file]);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(b.diagnostics).toMatchObject([{ level: "error", code: "input-too-large", source: { file, line: 1 } }]);
    expect(b.diagnostics[0]?.message).toContain("document of 50.0 MB");
  }, 60_000);

  it("refuses a file over the size limit before reading it", async () => {
    const file = join(tmp, "over-limit.yaml");
    writeFileSync(file, "a: 1\n".repeat(1000));
    const b = await loadInputs([file], { maxInputBytes: 1000 });
    expect(b.diagnostics).toMatchObject([{ code: "input-too-large", source: { file, line: 1 } }]);
  });
});
