/**
 * The output of `psp2gk convert`: the `-o DIR` file map (DESIGN.md layout) or one YAML stream.
 *
 *   templates/<template>.yaml     ConstraintTemplates
 *   constraints/<constraint>.yaml Constraints
 *   mutations/<mutator>.yaml      Assign / AssignMetadata / ModifySet
 *   kustomization.yaml            every resource above, sorted (kubectl apply -k DIR)
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

function addResources(files: Map<string, string>, dir: string, objects: readonly Record<string, unknown>[]): void {
  for (const o of objects) {
    const path = `${dir}/${nameOf(o)}.yaml`;
    if (files.has(path)) throw new Error(`two resources would be written to ${path}`);
    files.set(path, toYaml(o));
  }
}

export function outputFiles(result: ConversionResult): FileMap {
  const files = new Map<string, string>();
  addResources(files, "templates", result.templates);
  addResources(files, "constraints", result.constraints);
  addResources(files, "mutations", result.mutators);
  const resources = [...files.keys()].sort();
  if (resources.length > 0) {
    files.set(
      "kustomization.yaml",
      toYaml({ apiVersion: "kustomize.config.k8s.io/v1beta1", kind: "Kustomization", resources }),
    );
  }
  files.set("REPORT.md", renderReportMarkdown(result.report));
  files.set("report.json", `${JSON.stringify(result.report, null, 2)}\n`);
  const out: FileMap = {};
  for (const key of [...files.keys()].sort()) out[key] = files.get(key) as string;
  return out;
}

/** One `---`-separated stream: templates, then constraints, then mutators (the report is not included). */
export function outputStream(result: ConversionResult): string {
  return toYamlStream([...result.templates, ...result.constraints, ...result.mutators]);
}
