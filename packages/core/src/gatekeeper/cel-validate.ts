/**
 * Evaluating a ConstraintTemplate's `K8sNativeValidation` code for one constraint and one request,
 * with the bindings Gatekeeper's in-process CEL driver uses
 * (frameworks `constraint/pkg/client/drivers/k8scel`, which runs Kubernetes'
 * ValidatingAdmissionPolicy validator in process):
 *
 * - `object`, `oldObject`: the request's objects (null when absent: oldObject on CREATE, object on DELETE)
 * - `request`: the AdmissionRequest attributes (operation, userInfo, namespace, name, kind, ...)
 * - `params`: the *whole constraint object*; Gatekeeper passes the constraint as the VAP param
 * - `namespaceObject`: a Namespace carrying only `metadata.name` (that is all the driver builds)
 * - `variables.params`: `spec.parameters` of the constraint, or null
 *   (`!has(params.spec) ? null : !has(params.spec.parameters) ? null : params.spec.parameters`)
 * - `variables.anyObject`: `object`, or `oldObject` on a DELETE whose object is null
 * - the template's own variables, evaluated lazily, each at most once
 *
 * Decisions follow Kubernetes' validator: a validation that is not `true` denies with its
 * messageExpression result, else its message, else `failed expression: <expr>`; an evaluation error
 * denies with `expression '<expr>' resulted in error: <err>` unless the source's failurePolicy is
 * Ignore (absent means Fail for the in-process validator: `validating/validator.go` defaults a nil
 * policy to Fail). Gatekeeper turns every deny decision into a violation of the constraint, so an
 * error is a violation: fail closed.
 */
import type { CelInput } from "@bufbuild/cel";
import {
  type Bindings,
  type CompiledExpression,
  compileExpression,
  LazyVariables,
  runCompiled,
  type VariableDefinition,
} from "./cel-program.js";
import { type CelSource, type CelValidation, findCelSource, lintCelSource, readCelSource } from "./cel-source.js";
import { celTypeName, toCelInput } from "./cel-values.js";
import { GatekeeperInputError, resourceName } from "./errors.js";
import { isObject } from "./json.js";

export interface CompiledCelTemplate {
  /** `ConstraintTemplate/<name>`, for messages. */
  readonly resource: string;
  /** The constraint kind the template defines (`spec.crd.spec.names.kind`). */
  readonly kind: string;
  readonly source: CelSource;
  readonly variables: ReadonlyMap<string, CompiledExpression>;
  readonly validations: readonly {
    readonly validation: CelValidation;
    readonly expr: CompiledExpression;
    readonly message?: CompiledExpression;
  }[];
  readonly matchConditions: readonly { readonly name: string; readonly expr: CompiledExpression }[];
}

const compiledTemplates = new WeakMap<object, CompiledCelTemplate>();

/**
 * Reads, lints and compiles a template's CEL code (cached per template object). Throws
 * `GatekeeperInputError` for anything Gatekeeper would refuse when the template is created, and for
 * syntax @bufbuild/cel cannot parse.
 */
export function compileCelTemplate(template: unknown): CompiledCelTemplate {
  if (isObject(template)) {
    const cached = compiledTemplates.get(template);
    if (cached) return cached;
  }
  const resource = resourceName(template, "ConstraintTemplate");
  const names = isObject(template) && isObject(template.spec) && isObject(template.spec.crd) ? template.spec.crd : {};
  const crdSpec = isObject(names.spec) ? names.spec : {};
  const kind = isObject(crdSpec.names) ? crdSpec.names.kind : undefined;
  if (typeof kind !== "string" || kind === "") {
    throw new GatekeeperInputError(resource, "spec.crd.spec.names.kind", "must name the constraint kind");
  }
  const source = readCelSource(template);
  // Lint the source as written (a plural `matchConditions` is refused: Gatekeeper would ignore it).
  const problems = lintCelSource(findCelSource(template)?.source);
  const first = problems[0];
  if (first) throw new GatekeeperInputError(resource, `K8sNativeValidation ${first.path}`, first.message);

  const compiled: CompiledCelTemplate = {
    resource,
    kind,
    source,
    variables: new Map(source.variables.map((v) => [v.name, compileExpression(v.expression)])),
    validations: source.validations.map((validation) => ({
      validation,
      expr: compileExpression(validation.expression),
      ...(validation.messageExpression !== undefined
        ? { message: compileExpression(validation.messageExpression) }
        : {}),
    })),
    matchConditions: source.matchConditions.map((m) => ({ name: m.name, expr: compileExpression(m.expression) })),
  };
  if (isObject(template)) compiledTemplates.set(template, compiled);
  return compiled;
}

/** The admission request as the CEL `request` variable shows it (AdmissionRequest JSON). */
export interface CelRequestAttributes {
  operation: "CREATE" | "UPDATE" | "DELETE" | "CONNECT";
  userInfo: { username: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> };
  kind: { group: string; version: string; kind: string };
  resource: { group: string; version: string; resource: string };
  subResource?: string;
  name: string;
  namespace: string;
  dryRun?: boolean;
}

/** One request, converted to CEL values once and shared by every constraint evaluated on it. */
export interface PreparedReview {
  readonly object: CelInput;
  readonly oldObject: CelInput;
  readonly request: CelInput;
  readonly namespaceObject: CelInput;
  readonly anyObject: CelInput;
}

export function prepareReview(input: {
  object: unknown;
  oldObject: unknown;
  request: CelRequestAttributes;
}): PreparedReview {
  const { object, oldObject, request } = input;
  const req = {
    ...request,
    requestKind: request.kind,
    requestResource: request.resource,
    subResource: request.subResource ?? "",
    dryRun: request.dryRun ?? false,
  };
  const obj = toCelInput(object ?? null);
  const old = toCelInput(oldObject ?? null);
  return {
    object: obj,
    oldObject: old,
    request: toCelInput(req),
    namespaceObject: request.namespace === "" ? null : toCelInput({ metadata: { name: request.namespace } }),
    // BindObject: `has(request.operation) && request.operation == "DELETE" && object == null ? oldObject : object`
    anyObject: request.operation === "DELETE" && obj === null ? old : obj,
  };
}

export interface CelViolation {
  message: string;
  /** `false`: a validation evaluated to false; `error`: something failed to evaluate (fail closed). */
  cause: "false" | "error";
}

export interface CelOutcome {
  /** False when a matchCondition evaluated to false: the template does not apply to this request. */
  matched: boolean;
  violations: CelViolation[];
}

const constraintParams = new WeakMap<object, { params: CelInput; parameters: CelInput }>();

function paramsOf(constraint: unknown): { params: CelInput; parameters: CelInput } {
  if (isObject(constraint)) {
    const cached = constraintParams.get(constraint);
    if (cached) return cached;
  }
  const spec = isObject(constraint) && isObject(constraint.spec) ? constraint.spec : undefined;
  const parameters = spec && spec.parameters !== undefined ? spec.parameters : null;
  const value = { params: toCelInput(constraint), parameters: toCelInput(parameters) };
  if (isObject(constraint)) constraintParams.set(constraint, value);
  return value;
}

/** Evaluates one template's CEL code for one constraint against one prepared request. */
export function evaluateCelTemplate(
  template: CompiledCelTemplate,
  constraint: unknown,
  review: PreparedReview,
): CelOutcome {
  const { params, parameters } = paramsOf(constraint);
  const definitions = new Map<string, VariableDefinition>([
    ["params", { kind: "value", value: parameters }],
    ["anyObject", { kind: "value", value: review.anyObject }],
  ]);
  for (const [name, expr] of template.variables) definitions.set(name, { kind: "expression", expr });
  const base: Bindings = {
    object: review.object,
    oldObject: review.oldObject,
    request: review.request,
    params,
    namespaceObject: review.namespaceObject,
  };
  const bindings: Bindings = { ...base, variables: new LazyVariables(definitions).bind(base) };
  const ignoreErrors = template.source.failurePolicy === "Ignore";

  // Match conditions: any false → not matched (even if another errored); else any error → error.
  let matchError: string | undefined;
  for (const { name, expr } of template.matchConditions) {
    const r = runCompiled(expr, bindings);
    if ("value" in r && r.value === false) return { matched: false, violations: [] };
    if ("error" in r) matchError ??= `matchCondition '${name}': ${r.error}`;
    else if (typeof r.value !== "boolean")
      matchError ??= `matchCondition '${name}' must evaluate to bool, got ${celTypeName(r.value)}`;
  }
  if (matchError !== undefined) {
    return { matched: true, violations: ignoreErrors ? [] : [{ message: matchError, cause: "error" }] };
  }

  const violations: CelViolation[] = [];
  for (const { validation, expr, message } of template.validations) {
    const r = runCompiled(expr, bindings);
    if ("error" in r) {
      if (!ignoreErrors) {
        violations.push({
          message: `expression '${validation.expression}' resulted in error: ${r.error}`,
          cause: "error",
        });
      }
      continue;
    }
    if (r.value === true) continue;
    if (typeof r.value !== "boolean") {
      if (!ignoreErrors) {
        violations.push({
          message: `expression '${validation.expression}' must evaluate to bool, got ${celTypeName(r.value)}`,
          cause: "error",
        });
      }
      continue;
    }
    violations.push({ message: denialMessage(validation, message, bindings), cause: "false" });
  }
  return { matched: true, violations };
}

/**
 * Kubernetes' message choice for a failed validation: a messageExpression that yields a non-empty,
 * single-line string wins; otherwise the static message; otherwise `failed expression: <expr>`.
 */
function denialMessage(
  validation: CelValidation,
  messageExpr: CompiledExpression | undefined,
  bindings: Bindings,
): string {
  if (messageExpr) {
    const r = runCompiled(messageExpr, bindings);
    if ("value" in r && typeof r.value === "string" && r.value.trim() !== "" && !r.value.includes("\n")) {
      return r.value.trim();
    }
  }
  if (validation.message !== undefined && validation.message.trim() !== "") return validation.message.trim();
  return `failed expression: ${validation.expression.trim()}`;
}
