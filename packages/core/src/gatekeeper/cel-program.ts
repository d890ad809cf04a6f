/**
 * Compiling and running single CEL expressions with @bufbuild/cel, once per distinct text.
 *
 * The whole-cluster differential evaluates the same few hundred expressions against tens of
 * thousands of pods, so each expression is parsed and planned exactly once and the plan is kept in a
 * process-wide cache keyed by its text (a plan is a pure function of the text and the environment).
 *
 * @bufbuild/cel reports most runtime problems as CelError values but throws on parse errors and on a
 * few internal failures; `runCompiled` folds both into one `{ error }` result so nothing escapes as
 * an exception.
 */
import {
  type CelInput,
  type CelMap,
  type CelResult,
  type CelValue,
  celEnv,
  celError,
  celMap,
  isCelError,
  parse,
  plan,
} from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

/**
 * The evaluation environment: the CEL standard library plus the strings extension, which is what
 * both Gatekeeper's Kubernetes CEL environment and @bufbuild/cel provide. Kubernetes-only libraries
 * (quantity, url, ip, lists extension, authorizer) are absent on purpose: templates that call them
 * fail here with "unbound function", which surfaces the portability problem instead of hiding it.
 */
const ENV = celEnv({ funcs: strings });

export type Bindings = Record<string, CelInput>;

export type CompiledExpression =
  | { readonly ok: true; readonly text: string; readonly run: (bindings: Bindings) => CelResult }
  | { readonly ok: false; readonly text: string; readonly error: string };

const compiled = new Map<string, CompiledExpression>();

/** Parses and plans `text` (cached). Never throws: a syntax error is a `{ ok: false }` result. */
export function compileExpression(text: string): CompiledExpression {
  const cached = compiled.get(text);
  if (cached) return cached;
  let result: CompiledExpression;
  try {
    const run = plan(ENV, parse(text)) as (bindings: Bindings) => CelResult;
    result = { ok: true, text, run };
  } catch (e) {
    result = { ok: false, text, error: e instanceof Error ? e.message : String(e) };
  }
  compiled.set(text, result);
  return result;
}

export type RunResult = { readonly value: CelValue } | { readonly error: string };

/** Evaluates a compiled expression; evaluation errors (returned or thrown) become `{ error }`. */
export function runCompiled(expr: CompiledExpression, bindings: Bindings): RunResult {
  if (!expr.ok) return { error: expr.error };
  try {
    const r = expr.run(bindings);
    return isCelError(r) ? { error: r.message } : { value: r };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

// ------------------------------------------------------------------ lazily evaluated `variables`

/**
 * The class behind `celMap(new Map())`. Subclassing it is the one way to give CEL a map whose
 * entries are computed on first access *and* may be CEL errors: @bufbuild/cel treats an error value
 * read from a map like any other error, so `variables.broken || true` is `true` as in cel-go, where a
 * JS exception would have failed the whole expression. The test suite pins this behaviour.
 */
const NativeMap = Object.getPrototypeOf(celMap(new Map())).constructor as new (
  map: ReadonlyMap<string, CelInput>,
) => CelMap;

/** How a named variable is computed: a fixed value, or an expression run against the bindings. */
export type VariableDefinition =
  | { readonly kind: "value"; readonly value: CelInput }
  | { readonly kind: "expression"; readonly expr: CompiledExpression };

/**
 * `variables` as Kubernetes' ValidatingAdmissionPolicy binds it: each variable is evaluated at most
 * once, only when first read, against the same bindings (including `variables` itself, so a variable
 * may use earlier ones). A variable that fails to evaluate fails only the expressions that read it.
 */
export class LazyVariables extends NativeMap {
  private readonly results = new Map<string, CelValue | Error | "evaluating">();
  private bindings: Bindings = {};

  constructor(private readonly definitions: ReadonlyMap<string, VariableDefinition>) {
    super(new Map());
  }

  /** Sets the bindings variables are evaluated with; `variables` itself is added here. */
  bind(bindings: Bindings): this {
    this.bindings = { ...bindings, variables: this };
    return this;
  }

  override get(key: unknown): CelValue | undefined {
    if (typeof key !== "string") return undefined;
    const def = this.definitions.get(key);
    if (!def) return undefined;
    const known = this.results.get(key);
    if (known === "evaluating") return celError(`variable ${key} refers to itself`) as unknown as CelValue;
    if (known !== undefined) return known as CelValue;
    if (def.kind === "value") {
      // Fixed values were converted to CEL inputs by the caller; maps/lists still need wrapping.
      const v = runCompiled(IDENTITY, { v: def.value });
      const value = "value" in v ? v.value : celError(v.error);
      this.results.set(key, value as CelValue);
      return value as CelValue;
    }
    this.results.set(key, "evaluating");
    const r = runCompiled(def.expr, this.bindings);
    const value = "value" in r ? r.value : celError(`variable ${key}: ${r.error}`);
    this.results.set(key, value as CelValue);
    return value as CelValue;
  }

  override has(key: unknown): boolean {
    return typeof key === "string" && this.definitions.has(key);
  }
}

/** `v` itself: turns a CEL input (JS Map, array) into the CEL value the evaluator would see. */
const IDENTITY = compileExpression("v");
