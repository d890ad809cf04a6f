/**
 * Constraints: checking them against their templates, and what their enforcement action means at
 * the validating webhook.
 *
 * `spec.enforcementAction` (docs "Handling Constraint Violations"): `deny` (the default) rejects the
 * request; `warn` admits it with a warning; `dryrun` admits it and only records the violation.
 * `scoped` takes the actions listed in `spec.scopedEnforcementActions` for the enforcement point
 * `validation.gatekeeper.sh` (or `*`); it blocks when one of them is `deny`.
 */
import { type CompiledCelTemplate, compileCelTemplate } from "./cel-validate.js";
import { GatekeeperInputError, resourceName } from "./errors.js";
import { isObject, type JsonObject } from "./json.js";
import { validateMatch } from "./match.js";

export const WEBHOOK_ENFORCEMENT_POINT = "validation.gatekeeper.sh";

export interface CompiledConstraint {
  /** `Kind/name`. */
  readonly resource: string;
  readonly kind: string;
  readonly name: string;
  readonly object: JsonObject;
  readonly match: unknown;
  readonly template: CompiledCelTemplate;
  /** As written (`deny` when absent). */
  readonly enforcementAction: string;
  /** Whether a violation rejects the request at the validating webhook. */
  readonly blocks: boolean;
}

/** Compiles templates by constraint kind; two templates for one kind are refused. */
export function compileTemplates(templates: readonly unknown[]): Map<string, CompiledCelTemplate> {
  const byKind = new Map<string, CompiledCelTemplate>();
  for (const t of templates) {
    const compiled = compileCelTemplate(t);
    const other = byKind.get(compiled.kind);
    if (other) {
      throw new GatekeeperInputError(
        compiled.resource,
        "spec.crd.spec.names.kind",
        `kind ${compiled.kind} is also defined by ${other.resource}`,
      );
    }
    byKind.set(compiled.kind, compiled);
  }
  return byKind;
}

export function compileConstraint(
  obj: unknown,
  templates: ReadonlyMap<string, CompiledCelTemplate>,
): CompiledConstraint {
  const resource = resourceName(obj, "constraint");
  if (!isObject(obj)) throw new GatekeeperInputError(resource, "", "must be an object");
  const kind = obj.kind;
  if (typeof kind !== "string" || kind === "") throw new GatekeeperInputError(resource, "kind", "must be a string");
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  if (typeof meta.name !== "string" || meta.name === "") {
    throw new GatekeeperInputError(resource, "metadata.name", "must be a non-empty string");
  }
  const template = templates.get(kind);
  if (!template) throw new GatekeeperInputError(resource, "kind", `no ConstraintTemplate defines kind ${kind}`);
  const spec = obj.spec === undefined ? {} : obj.spec;
  if (!isObject(spec)) throw new GatekeeperInputError(resource, "spec", "must be an object");
  validateMatch(spec.match, resource, "spec.match");
  if (spec.parameters !== undefined && !isObject(spec.parameters)) {
    throw new GatekeeperInputError(resource, "spec.parameters", "must be an object");
  }
  const action = spec.enforcementAction ?? "deny";
  let blocks: boolean;
  switch (action) {
    case "deny":
      blocks = true;
      break;
    case "warn":
    case "dryrun":
      blocks = false;
      break;
    case "scoped":
      blocks = scopedActionsAtWebhook(spec.scopedEnforcementActions, resource).includes("deny");
      break;
    default:
      throw new GatekeeperInputError(resource, "spec.enforcementAction", "must be deny, warn, dryrun or scoped");
  }
  return {
    resource,
    kind,
    name: meta.name,
    object: obj,
    match: spec.match,
    template,
    enforcementAction: String(action),
    blocks,
  };
}

function scopedActionsAtWebhook(raw: unknown, resource: string): string[] {
  const path = "spec.scopedEnforcementActions";
  if (!Array.isArray(raw)) throw new GatekeeperInputError(resource, path, "is required with enforcementAction scoped");
  const actions: string[] = [];
  for (const [i, entry] of raw.entries()) {
    if (!isObject(entry) || typeof entry.action !== "string") {
      throw new GatekeeperInputError(resource, `${path}[${i}].action`, "must be a string");
    }
    const points = Array.isArray(entry.enforcementPoints) ? entry.enforcementPoints : [];
    const here = points.some((p) => isObject(p) && (p.name === WEBHOOK_ENFORCEMENT_POINT || p.name === "*"));
    if (here) actions.push(entry.action);
  }
  return actions;
}
