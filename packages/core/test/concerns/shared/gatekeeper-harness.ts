/**
 * The shared core of the per-concern Gatekeeper tests: template / constraint / simulator assembly
 * for one emitter and one PSP, the CEL type and Rego-mirror helpers, the structural parameter check,
 * the shared-case filter and container access. The three differential flavours beside it
 * (`gatekeeper-simple.ts`, `gatekeeper-options.ts`, `gatekeeper-identity.ts`) build on it; structural
 * checks every emitter must pass are in `test/emit/registry-contract.test.ts`.
 */
import { parse } from "yaml";
import type { ConcernEmitter, MutatorScope, TemplateSource } from "../../../src/emit/concern-emitter.js";
import { buildTemplate } from "../../../src/emit/template.js";
import { GatekeeperSimulator, lintCelSource } from "../../../src/gatekeeper/index.js";
import type { Finding } from "../../../src/model/findings.js";
import type { PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import type { PspCase } from "../../cases/read-cases.js";
import { homogeneityProblems } from "./gatekeeper-cel-types.js";

/** The ConstraintTemplate as the converter assembles it (with the admission guards); both engines unless `engine`. */
export function templateObject(template: TemplateSource, engine?: "cel" | "rego"): Record<string, unknown> {
  return engine ? buildTemplate(template, engine) : buildTemplate(template);
}

/** A Constraint of the template's kind. */
export function constraintObject(
  template: TemplateSource,
  name: string,
  match: Record<string, unknown>,
  parameters: Record<string, unknown>,
): Record<string, unknown> {
  return {
    apiVersion: "constraints.gatekeeper.sh/v1beta1",
    kind: template.kind,
    metadata: { name },
    spec: { match, parameters },
  };
}

export interface GatekeeperSetup {
  simulator: GatekeeperSimulator;
  parameters: Record<string, unknown> | null;
  mutators: Record<string, unknown>[];
  findings: Finding[];
}

/** The emitter's template, its constraint for `psp` (none when the parameters are null) and its mutators, loaded in the simulator. */
export function gatekeeperSetup(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  options: { scope: MutatorScope; constraintName: string; engine?: "cel" | "rego"; withMutators?: boolean },
): GatekeeperSetup {
  const parameters = emitter.parameters(psp);
  const { mutators, findings } = emitter.mutators(psp, options.scope);
  const constraints =
    parameters === null
      ? []
      : [constraintObject(emitter.template, options.constraintName, options.scope.match, parameters)];
  const simulator = new GatekeeperSimulator({
    templates: [templateObject(emitter.template, options.engine)],
    constraints,
    mutators: (options.withMutators ?? true) ? mutators : [],
  });
  return { simulator, parameters, mutators, findings };
}

interface CelSource {
  matchCondition?: { expression: string }[];
  variables?: { name: string; expression: string }[];
  validations?: { expression: string; message?: string; messageExpression?: string }[];
}

/** Every CEL expression of a source: match conditions, variables, validations and their message expressions. */
export function celExpressions(source: CelSource): string[] {
  return [
    ...(source.matchCondition ?? []).map((m) => m.expression),
    ...(source.variables ?? []).map((v) => v.expression),
    ...(source.validations ?? []).flatMap((v) => [v.expression, ...(v.messageExpression ? [v.messageExpression] : [])]),
  ];
}

/**
 * `lintCelSource` problems, plus what Kubernetes' CEL type checker refuses and the simulator accepts
 * (mixed-type literals, mismatched conditional branches).
 */
export function celTypeProblems(source: CelSource): unknown[] {
  return [...lintCelSource(source), ...celExpressions(source).flatMap((e) => homogeneityProblems(e))];
}

/** The CEL variable names of a template's CEL. */
export function celVariableNames(cel: string): string[] {
  return ((parse(cel) as CelSource).variables ?? []).map((v) => v.name);
}

/** Every `message` and every string literal (at least `minLength` characters, trimmed) of every `messageExpression`. */
export function celMessageLiterals(cel: string, minLength = 2): string[] {
  const out: string[] = [];
  for (const v of (parse(cel) as CelSource).validations ?? []) {
    if (v.message) out.push(v.message);
    for (const m of (v.messageExpression ?? "").matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      if (m[1] && m[1].trim().length >= minLength) out.push(m[1]);
    }
  }
  return out;
}

/**
 * Problems of `value` against a structural schema: every level typed, the value conforms. `strict`
 * also requires string enums to hold and refuses schema types other than object, array, string,
 * boolean and integer.
 */
export function schemaProblems(
  schema: Record<string, unknown>,
  value: unknown,
  path = "parameters",
  strict = false,
): string[] {
  const type = schema.type;
  if (typeof type !== "string") return [`${path}: schema without type`];
  const problems: string[] = [];
  if (type === "object") {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: not an object`];
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(value)) {
      const sub = props[k];
      if (!sub) problems.push(`${path}.${k}: not in the schema`);
      else problems.push(...schemaProblems(sub, v, `${path}.${k}`, strict));
    }
  } else if (type === "array") {
    if (!Array.isArray(value)) return [`${path}: not an array`];
    value.forEach((v, i) => {
      problems.push(...schemaProblems(schema.items as Record<string, unknown>, v, `${path}[${i}]`, strict));
    });
  } else if (type === "string") {
    if (typeof value !== "string") problems.push(`${path}: not a string`);
    else if (strict && Array.isArray(schema.enum) && !schema.enum.includes(value))
      problems.push(`${path}: not in the enum`);
  } else if (type === "boolean") {
    if (typeof value !== "boolean") problems.push(`${path}: not a boolean`);
  } else if (type === "integer") {
    if (!Number.isInteger(value)) problems.push(`${path}: not an integer`);
  } else if (strict) {
    problems.push(`${path}: schema type ${type} not supported`);
  }
  return problems;
}

/** Admission cases with exactly one PSP and allow-all authorization (what one constraint can be compared on). */
export function isSinglePspAllowAll(c: PspCase): boolean {
  return (
    (c.kind ?? "admission") === "admission" &&
    (c.psps ?? []).length === 1 &&
    (c.authorization?.mode ?? "allow-all") === "allow-all"
  );
}

export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;

/** Every container of a pod (init, regular, ephemeral) with its list. */
export function containerEntries(pod: unknown): [list: string, container: Record<string, unknown>][] {
  const spec = ((pod as { spec?: Record<string, unknown> }).spec ?? {}) as Record<string, unknown>;
  return CONTAINER_LISTS.flatMap((list) =>
    ((spec[list] as Record<string, unknown>[] | undefined) ?? []).map(
      (c) => [list, c] as [string, Record<string, unknown>],
    ),
  );
}
