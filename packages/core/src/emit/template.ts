/**
 * `TemplateSource` → ConstraintTemplate (`templates.gatekeeper.sh/v1`).
 *
 * Engines: the Rego goes in the target-level `rego` + `libs` fields (every Gatekeeper since 3.x reads
 * them, including 3.12); the CEL goes in `code: [{engine: K8sNativeValidation, source}]` (Gatekeeper
 * 3.13+; older versions prune the unknown field). We do not add a second `code` entry with
 * `engine: Rego`: it would carry the same Rego twice, and the target-level field is what 3.12 reads.
 * Gatekeeper evaluates one engine per template, no fallback — the K8sNativeValidation code where that
 * engine is enabled (default since 3.17), else the Rego (Gatekeeper docs, Validating Admission Policy FAQ). `engine: "rego"` / `"cel"` drops the other one.
 */
import { parse } from "yaml";
import type { TemplateSource } from "./concern-emitter.js";
import { REGO_LIBS } from "./rego-libs/sources.generated.js";

export type TemplateEngine = "both" | "rego" | "cel";

export const TEMPLATE_API_VERSION = "templates.gatekeeper.sh/v1";
export const GATEKEEPER_TARGET = "admission.k8s.gatekeeper.sh";

/** The template (and CRD) name Gatekeeper requires: the kind in lower case. */
export function templateName(kind: string): string {
  return kind.toLowerCase();
}

/** A `regoLibs` entry is a file name of `emit/rego-libs/` or the text of a module itself. */
function regoLib(entry: string): string {
  return REGO_LIBS[entry] ?? entry;
}

export function buildTemplate(source: TemplateSource, engine: TemplateEngine = "both"): Record<string, unknown> {
  const target: Record<string, unknown> = { target: GATEKEEPER_TARGET };
  if (engine !== "cel") {
    target.rego = source.rego;
    const libs = (source.regoLibs ?? []).map(regoLib);
    if (libs.length > 0) target.libs = libs;
  }
  if (engine !== "rego") {
    target.code = [{ engine: "K8sNativeValidation", source: parse(source.cel) as unknown }];
  }
  return {
    apiVersion: TEMPLATE_API_VERSION,
    kind: "ConstraintTemplate",
    metadata: {
      name: templateName(source.kind),
      annotations: { description: source.description },
    },
    spec: {
      crd: {
        spec: {
          names: { kind: source.kind },
          validation: { openAPIV3Schema: source.parametersSchema },
        },
      },
      targets: [target],
    },
  };
}
