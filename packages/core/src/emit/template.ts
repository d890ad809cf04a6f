/**
 * `TemplateSource` → ConstraintTemplate (`templates.gatekeeper.sh/v1`).
 *
 * Engines: the Rego goes in the target-level `rego` + `libs` fields (every Gatekeeper since 3.x reads
 * them, including 3.12); the CEL goes in `code: [{engine: K8sNativeValidation, source}]` (Gatekeeper
 * 3.13+; older versions prune the unknown field). We do not add a second `code` entry with
 * `engine: Rego`: it would carry the same Rego twice, and the target-level field is what 3.12 reads.
 * Gatekeeper evaluates one engine per template, no fallback — the K8sNativeValidation code where that
 * engine is enabled (default since 3.17), else the Rego (Gatekeeper docs, Validating Admission Policy FAQ). `engine: "rego"` / `"cel"` drops the other one.
 *
 * Admission guards, written once here for every template: PSP never evaluates a DELETE, nor an UPDATE
 * that changes nothing but `metadata.ownerReferences` / `metadata.finalizers` (psp-semantics.md §1).
 * The assembler puts `ADMISSION_GUARDS` first in every CEL source's `matchCondition` (singular: the
 * JSON tag Gatekeeper reads; the plural is silently dropped), and the Rego lib `admission-guards.rego`
 * (`package lib.psp2gk.admission`, rules of the same names) into `libs` of every template whose Rego
 * imports it; each template.rego starts every `violation` with `notDelete` and `notGcOnlyUpdate`.
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

/** Rego package of the shared admission guards (`emit/rego-libs/admission-guards.rego`). */
export const ADMISSION_GUARDS_PACKAGE = "lib.psp2gk.admission";

/**
 * CEL match conditions every template carries; mirror of the rules of the same names in
 * `rego-libs/admission-guards.rego`. With Gatekeeper's --enable-delete-operations the pod being deleted
 * would otherwise be checked (`object` is null then); a pod violating a newer policy could not have
 * its finalizers removed and would hang terminating.
 */
export const ADMISSION_GUARDS: readonly { readonly name: string; readonly expression: string }[] = [
  { name: "notDelete", expression: 'request.operation != "DELETE"' },
  {
    name: "notGcOnlyUpdate",
    expression:
      'request.operation != "UPDATE" || ' +
      '!(object.all(k, k == "metadata" || (k in oldObject && oldObject[k] == object[k])) && ' +
      'oldObject.all(k, k == "metadata" || k in object) && ' +
      'object.metadata.all(k, k in ["ownerReferences", "finalizers"] || ' +
      "(k in oldObject.metadata && oldObject.metadata[k] == object.metadata[k])) && " +
      'oldObject.metadata.all(k, k in ["ownerReferences", "finalizers"] || k in object.metadata))',
  },
];

/** A `regoLibs` entry is a file name of `emit/rego-libs/` or the text of a module itself. */
function regoLib(entry: string): string {
  return REGO_LIBS[entry] ?? entry;
}

function regoPackage(module: string): string | undefined {
  return /^package\s+(\S+)/m.exec(module)?.[1];
}

/** The template's libs: its own `regoLibs`, then every shared lib of `emit/rego-libs/` its Rego imports. */
export function templateRegoLibs(source: TemplateSource): string[] {
  const libs = (source.regoLibs ?? []).map(regoLib);
  const packages = new Set(libs.map(regoPackage));
  for (const module of Object.values(REGO_LIBS)) {
    const pkg = regoPackage(module);
    if (pkg === undefined || packages.has(pkg)) continue;
    if (new RegExp(`\\bdata\\.${pkg.replace(/\./g, "\\.")}\\b`).test(source.rego)) {
      libs.push(module);
      packages.add(pkg);
    }
  }
  return libs;
}

/** The template's CEL source with `ADMISSION_GUARDS` first in `matchCondition`. */
export function guardedCelSource(source: TemplateSource): Record<string, unknown> {
  const parsed = parse(source.cel) as unknown;
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error(`${source.kind}: the CEL source must be a YAML mapping`);
  }
  const { matchCondition, ...rest } = parsed as Record<string, unknown>;
  if (rest.matchConditions !== undefined) {
    throw new Error(`${source.kind}: CEL "matchConditions" is ignored by Gatekeeper (the field is "matchCondition")`);
  }
  const own = Array.isArray(matchCondition) ? (matchCondition as { name?: unknown }[]) : [];
  for (const m of own) {
    if (ADMISSION_GUARDS.some((g) => g.name === m.name)) {
      throw new Error(`${source.kind}: CEL matchCondition "${String(m.name)}" is added by the assembler`);
    }
  }
  return { matchCondition: [...ADMISSION_GUARDS.map((g) => ({ ...g })), ...own], ...rest };
}

export function buildTemplate(source: TemplateSource, engine: TemplateEngine = "both"): Record<string, unknown> {
  const target: Record<string, unknown> = { target: GATEKEEPER_TARGET };
  if (engine !== "cel") {
    target.rego = source.rego;
    const libs = templateRegoLibs(source);
    if (libs.length > 0) target.libs = libs;
  }
  if (engine !== "rego") {
    target.code = [{ engine: "K8sNativeValidation", source: guardedCelSource(source) }];
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
