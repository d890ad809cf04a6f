/**
 * Gatekeeper's expansion of workload resources (`expansion.gatekeeper.sh/v1alpha1` ExpansionTemplate;
 * docs "Validation of Workload Resources", `pkg/expansion/system.go`, `aggregate.go`):
 *
 * - an ExpansionTemplate lists the workload GVKs it `applyTo` (exact groups, versions, kinds), the
 *   field of the workload that is the blueprint (`templateSource`, a dotted path such as
 *   `spec.template` or `spec.jobTemplate.spec.template`), the `generatedGVK`, and optionally an
 *   `enforcementAction` that replaces the constraint's for violations of the generated object;
 * - Gatekeeper refuses a template with an empty or ≥ 64-character name, an empty `templateSource`,
 *   an empty `generatedGVK`, no `applyTo`, or an `applyTo` that covers its own `generatedGVK`;
 * - expanding copies the source field, sets the generated GVK, the namespace (the request's
 *   Namespace, else the parent's `metadata.namespace`), the mock name `<parent name>-<kind>` in
 *   lower case and an owner reference to the parent; a missing source field is an error;
 * - each generated object goes through the mutation system as `Generated` (mutators with
 *   `match.source` `Generated` or `All`); a mutation error fails the whole expansion;
 * - generated objects are expanded again (a CronJob template could make a Job that makes a Pod), at
 *   most 30 levels deep; children come before their parent in the result, as in Gatekeeper.
 *
 * The validating webhook reviews each generated object like an object outside admission (no
 * operation, no user), reports its violations on the parent with the message prefixed
 * `[Implied by <template name>]`, and denies the request when expansion fails.
 */
import { GatekeeperInputError, resourceName } from "./errors.js";
import { isObject, type JsonObject, jsonClone } from "./json.js";
import { type GroupVersionKind, gvkOf } from "./match.js";
import type { CompiledMutator } from "./mutators/compiled-mutator.js";
import { runMutationSystem } from "./mutators/mutation-system.js";

/** Gatekeeper's `maxRecursionDepth` for nested expansion. */
export const MAX_EXPANSION_DEPTH = 30;
const MAX_TEMPLATE_NAME = 63;

export interface CompiledExpansionTemplate {
  /** `ExpansionTemplate/name`. */
  readonly resource: string;
  readonly name: string;
  readonly templateSource: string;
  readonly generatedGVK: GroupVersionKind;
  /** Replaces the constraint's enforcement action for the generated object's violations, when set. */
  readonly enforcementAction?: string;
  appliesTo(gvk: GroupVersionKind): boolean;
}

/** One object an ExpansionTemplate generated, after the `Generated` mutators. */
export interface Resultant {
  /** The ExpansionTemplate's name (the `[Implied by …]` prefix). */
  template: string;
  enforcementAction?: string;
  object: JsonObject;
}

export type ExpansionOutcome = { resultants: Resultant[] } | { error: string };

function readApplyTo(spec: JsonObject, resource: string): (gvk: GroupVersionKind) => boolean {
  const raw = spec.applyTo;
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new GatekeeperInputError(resource, "spec.applyTo", "must list at least one group/version/kind entry");
  }
  const entries = raw.map((e, i) => {
    const field = (f: string): string[] => {
      const v = isObject(e) ? e[f] : undefined;
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string")) {
        throw new GatekeeperInputError(resource, `spec.applyTo[${i}].${f}`, "must be a non-empty list of strings");
      }
      return v as string[];
    };
    return { groups: field("groups"), versions: field("versions"), kinds: field("kinds") };
  });
  return (gvk) =>
    entries.some((e) => e.groups.includes(gvk.group) && e.versions.includes(gvk.version) && e.kinds.includes(gvk.kind));
}

/** Checks one ExpansionTemplate as Gatekeeper's `ValidateTemplate` does; throws `GatekeeperInputError`. */
export function compileExpansionTemplate(obj: unknown): CompiledExpansionTemplate {
  const resource = resourceName(obj, "ExpansionTemplate");
  if (!isObject(obj)) throw new GatekeeperInputError(resource, "", "must be an object");
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = meta.name;
  if (typeof name !== "string" || name === "") {
    throw new GatekeeperInputError(resource, "metadata.name", "must be a non-empty string");
  }
  if (name.length > MAX_TEMPLATE_NAME) {
    throw new GatekeeperInputError(resource, "metadata.name", "must be less than 64 characters");
  }
  const spec = obj.spec;
  if (!isObject(spec)) throw new GatekeeperInputError(resource, "spec", "must be an object");
  if (typeof spec.templateSource !== "string" || spec.templateSource === "") {
    throw new GatekeeperInputError(resource, "spec.templateSource", "must be a non-empty string");
  }
  const g = spec.generatedGVK;
  const part = (f: string): string => (isObject(g) && typeof g[f] === "string" ? (g[f] as string) : "");
  const generatedGVK = { group: part("group"), version: part("version"), kind: part("kind") };
  if (generatedGVK.version === "" && generatedGVK.kind === "" && generatedGVK.group === "") {
    throw new GatekeeperInputError(resource, "spec.generatedGVK", "must not be empty");
  }
  const appliesTo = readApplyTo(spec, resource);
  if (appliesTo(generatedGVK)) {
    throw new GatekeeperInputError(
      resource,
      "spec.applyTo",
      "covers the generatedGVK (a template cannot expand its own output)",
    );
  }
  const action = spec.enforcementAction;
  if (action !== undefined && typeof action !== "string") {
    throw new GatekeeperInputError(resource, "spec.enforcementAction", "must be a string");
  }
  return {
    resource,
    name,
    templateSource: spec.templateSource,
    generatedGVK,
    ...(action ? { enforcementAction: action } : {}),
    appliesTo,
  };
}

/** Compiles templates, sorted by name (a deterministic order for results); duplicate names are refused. */
export function compileExpansionTemplates(objs: readonly unknown[]): CompiledExpansionTemplate[] {
  const compiled = objs.map(compileExpansionTemplate).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < compiled.length; i++) {
    const cur = compiled[i] as CompiledExpansionTemplate;
    if ((compiled[i - 1] as CompiledExpansionTemplate).name === cur.name) {
      throw new GatekeeperInputError(cur.resource, "metadata.name", "is defined twice");
    }
  }
  return compiled;
}

export interface ExpansionContext {
  templates: readonly CompiledExpansionTemplate[];
  /** Compiled, ordered mutators; only those matching `Generated` objects run. */
  mutators: readonly CompiledMutator[];
  /** The request's Namespace object, when known (namespace of the generated objects, namespaceSelector). */
  namespace?: JsonObject;
}

function nameOf(o: JsonObject): string {
  const meta = isObject(o.metadata) ? o.metadata : {};
  return typeof meta.name === "string" ? meta.name : "";
}

/** `expandResource`: the generated object for one template, or why there is none. */
function generate(
  parent: JsonObject,
  template: CompiledExpansionTemplate,
  namespace?: JsonObject,
): JsonObject | string {
  let src: unknown = parent;
  for (const key of template.templateSource.split(".")) src = isObject(src) ? src[key] : undefined;
  if (src === undefined) {
    return `could not find source field "${template.templateSource}" in resource ${nameOf(parent)}`;
  }
  if (!isObject(src)) {
    return `could not extract source field from unstructured: ${template.templateSource} is not an object`;
  }
  const out = jsonClone(src);
  const { group, version, kind } = template.generatedGVK;
  out.apiVersion = group === "" ? version : `${group}/${version}`;
  out.kind = kind;
  const meta: JsonObject = isObject(out.metadata) ? out.metadata : {};
  out.metadata = meta;
  const nsName = namespace && isObject(namespace.metadata) ? namespace.metadata.name : undefined;
  const parentMeta = isObject(parent.metadata) ? parent.metadata : {};
  if (typeof nsName === "string") meta.namespace = nsName;
  else if (typeof parentMeta.namespace === "string") meta.namespace = parentMeta.namespace;
  meta.name = `${nameOf(parent)}${kind ? "-" : ""}${kind}`.toLowerCase();
  const apiVersion = typeof parent.apiVersion === "string" ? parent.apiVersion : "";
  const parentKind = typeof parent.kind === "string" ? parent.kind : "";
  const parentName = nameOf(parent);
  if (apiVersion && parentKind && parentName) {
    const refs = Array.isArray(meta.ownerReferences) ? meta.ownerReferences : [];
    const present = refs.some(
      (r) => isObject(r) && r.apiVersion === apiVersion && r.kind === parentKind && r.name === parentName,
    );
    if (!present) meta.ownerReferences = [...refs, { apiVersion, kind: parentKind, name: parentName }];
  }
  return out;
}

/** Expands `parent` (recursively) with every template that applies to it, mutating each generated object. */
export function expandObject(parent: JsonObject, context: ExpansionContext): ExpansionOutcome {
  const resultants: Resultant[] = [];
  const error = expandRecursive(parent, context, resultants, 0);
  return error === undefined ? { resultants } : { error };
}

function expandRecursive(
  base: JsonObject,
  context: ExpansionContext,
  out: Resultant[],
  depth: number,
): string | undefined {
  if (depth >= MAX_EXPANSION_DEPTH) return `maximum recursion depth of ${MAX_EXPANSION_DEPTH} reached`;
  const gvk = gvkOf(base);
  const level: Resultant[] = [];
  for (const t of context.templates) {
    if (!t.appliesTo(gvk)) continue;
    const generated = generate(base, t, context.namespace);
    if (typeof generated === "string") return generated;
    const outcome = runMutationSystem(context.mutators, generated, {
      gvk: t.generatedGVK,
      source: "Generated",
      ...(context.namespace ? { namespace: context.namespace } : {}),
    });
    if (outcome.error !== undefined) {
      return `failed to mutate resultant resource ${nameOf(generated)}: ${outcome.error}`;
    }
    level.push({
      template: t.name,
      ...(t.enforcementAction ? { enforcementAction: t.enforcementAction } : {}),
      object: outcome.object,
    });
  }
  for (const r of level) {
    const error = expandRecursive(r.object, context, out, depth + 1);
    if (error !== undefined) return error;
  }
  out.push(...level);
  return undefined;
}

/** The message Gatekeeper reports on the parent for a violation of a generated object. */
export function impliedMessage(template: string, message: string): string {
  return `[Implied by ${template}] ${message}`;
}
