/**
 * Reading the `K8sNativeValidation` engine source out of a ConstraintTemplate, and linting it.
 *
 * Shape (frameworks `constraint/pkg/client/drivers/k8scel/schema/schema.go`):
 *   source:
 *     variables:       [{ name, expression }]
 *     validations:     [{ expression, message?, messageExpression? }]
 *     matchCondition:  [{ name, expression }]   (singular: the Go struct's JSON tag. The plural
 *                                                 `matchConditions` of Kubernetes' VAP is dropped by
 *                                                 Gatekeeper's unstructured converter, so it is
 *                                                 ignored here too and `lintCelSource` reports it)
 *     failurePolicy:   Fail | Ignore             (absent = Fail for in-process evaluation)
 */
import { compileExpression } from "./cel-program.js";
import { GatekeeperInputError, resourceName } from "./errors.js";
import { isObject } from "./json.js";

export const CEL_ENGINE = "K8sNativeValidation";
/** Variable names Gatekeeper binds itself; a template may not define them. */
export const RESERVED_VARIABLES = ["params", "anyObject"] as const;
/**
 * The source field of match conditions as Gatekeeper reads it (frameworks `k8scel/schema/schema.go`:
 * `MatchConditions []MatchCondition \`json:"matchCondition,omitempty"\``).
 */
export const MATCH_CONDITION_FIELD = "matchCondition";
/** Kubernetes' ValidatingAdmissionPolicy spelling, which Gatekeeper silently drops. */
export const IGNORED_MATCH_CONDITIONS_FIELD = "matchConditions";
/** Prefix Gatekeeper reserves for its own variables and match conditions. */
export const RESERVED_PREFIX = "gatekeeper_internal_";

export interface NamedExpression {
  name: string;
  expression: string;
}
export interface CelValidation {
  expression: string;
  message?: string;
  messageExpression?: string;
}
export interface CelSource {
  variables: NamedExpression[];
  validations: CelValidation[];
  matchConditions: NamedExpression[];
  failurePolicy: "Fail" | "Ignore";
}

/** Where the source sits in the template, and the source itself (undefined: no CEL engine). */
export function findCelSource(template: unknown): { path: string; source: unknown } | undefined {
  const spec = isObject(template) && isObject(template.spec) ? template.spec : {};
  const targets = Array.isArray(spec.targets) ? spec.targets : [];
  for (const [ti, target] of targets.entries()) {
    const code = isObject(target) && Array.isArray(target.code) ? target.code : [];
    for (const [ci, entry] of code.entries()) {
      if (isObject(entry) && entry.engine === CEL_ENGINE) {
        return { path: `spec.targets[${ti}].code[${ci}].source`, source: entry.source };
      }
    }
  }
  return undefined;
}

/** Reads and shape-checks a CEL source; throws `GatekeeperInputError` naming the bad field. */
export function readCelSource(template: unknown): CelSource {
  const resource = resourceName(template, "ConstraintTemplate");
  const found = findCelSource(template);
  if (!found) {
    throw new GatekeeperInputError(resource, "spec.targets", `no ${CEL_ENGINE} code; the simulator evaluates CEL only`);
  }
  const { path, source } = found;
  if (!isObject(source)) throw new GatekeeperInputError(resource, path, "must be an object");
  const fail = (field: string, msg: string): never => {
    throw new GatekeeperInputError(resource, `${path}.${field}`, msg);
  };
  const list = (field: string): unknown[] => {
    const v = source[field];
    if (v === undefined || v === null) return [];
    return Array.isArray(v) ? v : fail(field, "must be a list");
  };
  const str = (v: unknown, field: string, optional = false): string | undefined => {
    if (v === undefined && optional) return undefined;
    return typeof v === "string" && (optional || v.trim() !== "") ? v : fail(field, "must be a non-empty string");
  };
  const named = (field: string): NamedExpression[] =>
    list(field).map((e, i) => {
      const o = isObject(e) ? e : fail(`${field}[${i}]`, "must be an object");
      return {
        name: str(o.name, `${field}[${i}].name`) as string,
        expression: str(o.expression, `${field}[${i}].expression`) as string,
      };
    });
  const validations = list("validations").map((e, i): CelValidation => {
    const o = isObject(e) ? e : fail(`validations[${i}]`, "must be an object");
    const v: CelValidation = { expression: str(o.expression, `validations[${i}].expression`) as string };
    const message = str(o.message, `validations[${i}].message`, true);
    const messageExpression = str(o.messageExpression, `validations[${i}].messageExpression`, true);
    if (message !== undefined) v.message = message;
    if (messageExpression !== undefined) v.messageExpression = messageExpression;
    return v;
  });
  const policy = source.failurePolicy ?? "Fail";
  if (policy !== "Fail" && policy !== "Ignore") fail("failurePolicy", `must be Fail or Ignore, got ${String(policy)}`);
  return {
    variables: named("variables"),
    validations,
    // Only Gatekeeper's spelling: `matchConditions` (plural) never reaches Gatekeeper's evaluator.
    matchConditions: named(MATCH_CONDITION_FIELD),
    failurePolicy: policy as "Fail" | "Ignore",
  };
}

export interface CelLintProblem {
  /** Path inside the source, e.g. `validations[0].expression`. */
  path: string;
  message: string;
}

/**
 * Checks a `K8sNativeValidation` source for what psp2gk's templates must not use because one of
 * the two engines cannot run it: optional syntax (`.?field`, `[?index]`, only in newer Kubernetes
 * CEL and not parsed by @bufbuild/cel) and list `sort()` (not in Gatekeeper's environment), and the
 * plural `matchConditions` key (Gatekeeper reads `matchCondition` and silently drops the plural). Also
 * reports expressions that do not parse, reserved or duplicate variable names, and variables that
 * read a variable defined after them (Kubernetes rejects that at compile time).
 */
export function lintCelSource(source: unknown): CelLintProblem[] {
  const problems: CelLintProblem[] = [];
  if (!isObject(source)) return [{ path: "", message: "source must be an object" }];
  const expressions: { path: string; text: string }[] = [];
  const collect = (field: string, keys: string[]) => {
    const items = source[field];
    if (!Array.isArray(items)) return;
    for (const [i, item] of items.entries()) {
      for (const key of keys) {
        const text = isObject(item) ? item[key] : undefined;
        if (typeof text === "string") expressions.push({ path: `${field}[${i}].${key}`, text });
      }
    }
  };
  collect("variables", ["expression"]);
  collect("validations", ["expression", "messageExpression"]);
  collect(MATCH_CONDITION_FIELD, ["expression"]);
  if (source[IGNORED_MATCH_CONDITIONS_FIELD] !== undefined) {
    problems.push({
      path: IGNORED_MATCH_CONDITIONS_FIELD,
      message:
        `Gatekeeper ignores "${IGNORED_MATCH_CONDITIONS_FIELD}" (its field is "${MATCH_CONDITION_FIELD}", singular): ` +
        "these conditions would never be evaluated",
    });
  }

  for (const { path, text } of expressions) {
    const code = withoutStringLiterals(text);
    if (/\.\s*\?/.test(code) || /\[\s*\?/.test(code)) {
      problems.push({ path, message: "uses optional syntax (.? or [?]), which @bufbuild/cel cannot parse" });
    }
    if (/\bsort\s*\(/.test(code)) {
      problems.push({ path, message: "uses sort(), which Gatekeeper's CEL environment does not provide" });
    }
    const compiled = compileExpression(text);
    if (!compiled.ok) problems.push({ path, message: `does not parse: ${compiled.error}` });
  }

  const variables = Array.isArray(source.variables) ? source.variables : [];
  const names = variables.map((v) => (isObject(v) && typeof v.name === "string" ? v.name : ""));
  for (const [i, name] of names.entries()) {
    const path = `variables[${i}].name`;
    if ((RESERVED_VARIABLES as readonly string[]).includes(name)) {
      problems.push({ path, message: `"${name}" is bound by Gatekeeper and cannot be redefined` });
    } else if (name.startsWith(RESERVED_PREFIX)) {
      problems.push({ path, message: `names starting with "${RESERVED_PREFIX}" are reserved by Gatekeeper` });
    } else if (names.indexOf(name) !== i) {
      problems.push({ path, message: `variable "${name}" is defined twice` });
    }
    const expr = isObject(variables[i]) ? variables[i].expression : undefined;
    if (typeof expr === "string") {
      for (const used of variablesReadBy(expr)) {
        const at = names.indexOf(used);
        if (at >= i) {
          problems.push({
            path: `variables[${i}].expression`,
            message: `reads variables.${used}, which is not defined before it`,
          });
        }
      }
    }
  }
  return problems;
}

/** Names `n` in `variables.n` references of an expression (string literals ignored). */
export function variablesReadBy(expression: string): string[] {
  const found = new Set<string>();
  for (const m of withoutStringLiterals(expression).matchAll(/\bvariables\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (m[1]) found.add(m[1]);
  }
  return [...found].sort();
}

/** The expression with the contents of every string literal blanked, so scans see only code. */
export function withoutStringLiterals(text: string): string {
  return text.replace(/(?:[rR]?)('''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")/g, '""');
}
