/** Reading a convert -o DIR output back (converted.ts). */
import { describe, expect, it } from "vitest";
import { ConvertedInputError, readConvertedOutput } from "../../src/verify/converted.js";

const template = `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: psp2gkprivileged
spec: {}
`;
const constraint = `apiVersion: constraints.gatekeeper.sh/v1beta1
kind: Psp2gkPrivileged
metadata:
  name: p-privileged
`;
const report = JSON.stringify({ findings: [{ code: "c", level: "info", message: "m" }, { nonsense: true }] });

describe("readConvertedOutput", () => {
  it("sorts objects into templates, constraints, mutators; findings from report.json; ignores other files", () => {
    const out = readConvertedOutput([
      { path: "constraints/p-privileged.yaml", text: constraint },
      { path: "templates/psp2gkprivileged.yaml", text: template },
      { path: "kustomization.yaml", text: "resources: []\n" },
      { path: "tests/suite.yaml", text: "kind: Suite\n" },
      { path: "report.json", text: report },
    ]);
    expect(out.templates.map((t) => t.kind)).toEqual(["ConstraintTemplate"]);
    expect(out.constraints.map((c) => c.kind)).toEqual(["Psp2gkPrivileged"]);
    expect(out.mutators).toEqual([]);
    expect(out.findings).toEqual([{ code: "c", level: "info", message: "m" }]);
    expect(out.notes).toEqual([]);
  });

  it("a wrong object in a folder is an error naming file and line", () => {
    const text = `${constraint}---\n# comment\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n`;
    expect(() => readConvertedOutput([{ path: "constraints/a.yaml", text }])).toThrow(
      /^constraints\/a\.yaml:7: expected a constraint \(constraints\.gatekeeper\.sh\) in constraints\/, found v1 Pod$/,
    );
  });

  it("a YAML syntax error names file and line", () => {
    const run = () => readConvertedOutput([{ path: "templates/t.yaml", text: "a: b\nc: [\n" }]);
    expect(run).toThrow(ConvertedInputError);
    expect(run).toThrow(/^templates\/t\.yaml:\d+: /);
  });

  it("an object without a name is refused", () => {
    const text = "apiVersion: mutations.gatekeeper.sh/v1\nkind: Assign\nmetadata: {}\n";
    expect(() => readConvertedOutput([{ path: "mutations/m.yaml", text }])).toThrow(
      /mutations\/m\.yaml:1: Assign without metadata\.name/,
    );
  });

  it("a report.json that is not a psp2gk report is refused", () => {
    expect(() => readConvertedOutput([{ path: "report.json", text: "{" }])).toThrow(/^report\.json:1: not JSON/);
    expect(() => readConvertedOutput([{ path: "report.json", text: "{}" }])).toThrow(/no "findings" list/);
  });

  it("a directory with nothing convert writes is not a convert output", () => {
    expect(() => readConvertedOutput([{ path: "README.md", text: "" }])).toThrow(/not a psp2gk convert output/);
    expect(() => readConvertedOutput([])).toThrow(ConvertedInputError);
  });

  it("without report.json: a note that differences cannot be explained; ExpansionTemplates are read", () => {
    const expansion = "apiVersion: expansion.gatekeeper.sh/v1beta1\nkind: ExpansionTemplate\nmetadata:\n  name: e\n";
    const out = readConvertedOutput([
      { path: "templates/t.yaml", text: template },
      { path: "expansion/e.yaml", text: expansion },
    ]);
    expect(out.findings).toEqual([]);
    expect(out.expansionTemplates.map((e) => (e.metadata as { name: string }).name)).toEqual(["e"]);
    expect(out.notes).toEqual(["no report.json: differences are listed without the findings that explain them"]);
  });
});
