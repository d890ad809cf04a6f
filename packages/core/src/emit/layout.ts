/**
 * The output of `psp2gk convert`: the `-o DIR` file map (DESIGN.md layout) or one YAML stream.
 *
 *   templates/<template>.yaml     ConstraintTemplates
 *   constraints/<constraint>.yaml Constraints
 *   mutations/<mutator>.yaml      Assign / AssignMetadata / ModifySet
 *   expansion/<template>.yaml     ExpansionTemplates for workloads (when the result has them)
 *   kustomization.yaml            every resource above, sorted (kubectl apply -k DIR)
 *   tests/...                     the gator suite (when the result has one; not in the kustomization:
 *                                 its files are test inputs, not cluster resources)
 *   REPORT.md, report.json        the report (schema psp2gk-report/v1, docs/convert.md)
 *
 * Deterministic: the converter sorts everything; this module only names files and serialises.
 */
import type { ConversionResult } from "../convert/convert.js";
import { renderReportMarkdown } from "../report/render.js";
import { toYaml, toYamlStream } from "./yaml-out.js";

const nameOf = (o: Record<string, unknown>): string =>
  String((o.metadata as { name?: unknown } | undefined)?.name ?? "");

/** Relative path → file content. Keys in sorted order. */
export type FileMap = Record<string, string>;

/** What the layout reads: the conversion, plus the optional workload and test outputs convert may add. */
export type LayoutInput = ConversionResult & {
  /** ExpansionTemplates (`convert --workloads`). */
  expansionTemplates?: Record<string, unknown>[];
  /** The gator suite: paths under `tests/` → YAML text (emit/gator-suite.ts). */
  suite?: FileMap;
};

function addResources(files: Map<string, string>, dir: string, objects: readonly Record<string, unknown>[]): void {
  for (const o of objects) {
    const path = `${dir}/${nameOf(o)}.yaml`;
    if (files.has(path)) throw new Error(`two resources would be written to ${path}`);
    files.set(path, toYaml(o));
  }
}

export function outputFiles(result: LayoutInput): FileMap {
  const files = new Map<string, string>();
  addResources(files, "templates", result.templates);
  addResources(files, "constraints", result.constraints);
  addResources(files, "mutations", result.mutators);
  addResources(files, "expansion", result.expansionTemplates ?? []);
  const resources = [...files.keys()].sort();
  if (resources.length > 0) {
    files.set(
      "kustomization.yaml",
      toYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }),
    );
  }
  files.set("REPORT.md", renderReportMarkdown(result.report));
  files.set("report.json", `${JSON.stringify(result.report, null, 2)}\n`);
  for (const [path, text] of Object.entries(result.suite ?? {})) {
    // The suite's own paths must stay inside tests/: it is written next to the policies it tests.
    if (!path.startsWith("tests/") || path.split("/").includes("..")) {
      throw new Error(`gator suite file ${path} is outside tests/`);
    }
    if (files.has(path)) throw new Error(`two files would be written to ${path}`);
    files.set(path, text);
  }
  const out: FileMap = {};
  for (const key of [...files.keys()].sort()) out[key] = files.get(key) as string;
  return out;
}

/**
 * One `---`-separated stream: templates, constraints, mutators, then ExpansionTemplates (the report
 * and the gator suite are not included: they are files, not cluster resources).
 */
export function outputStream(result: LayoutInput): string {
  return toYamlStream([
    ...result.templates,
    ...result.constraints,
    ...result.mutators,
    ...(result.expansionTemplates ?? []),
  ]);
}
