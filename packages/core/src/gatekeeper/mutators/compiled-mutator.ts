/**
 * The common shape of a mutator after its object has been checked, and the checks all three kinds
 * share (identity, `applyTo`, `match`, `pathTests`).
 */
import { GatekeeperInputError, resourceName } from "../errors.js";
import { isObject, type JsonObject } from "../json.js";
import { type GroupVersionKind, validateMatch } from "../match.js";
import { buildPathTester, MutationError, type PathCondition, type PathTester } from "./apply-location.js";
import { type LocationNode, LocationSyntaxError, parseLocation } from "./location.js";

export const MUTATOR_KINDS = ["Assign", "AssignMetadata", "ModifySet"] as const;
export type MutatorKind = (typeof MUTATOR_KINDS)[number];

export interface CompiledMutator {
  readonly kind: MutatorKind;
  readonly name: string;
  /** Mutators are cluster-scoped; kept for Gatekeeper's ordering key (group, kind, namespace, name). */
  readonly namespace: string;
  /** `Kind/name`, as records and messages name the mutator. */
  readonly resource: string;
  /** The location as written. */
  readonly location: string;
  readonly match: unknown;
  /**
   * `match.source` (default `All`, docs "Validation of Workload Resources"): `Generated` mutators
   * only run on objects expansion generates, `Original` ones only in the webhook, `All` in both.
   */
  readonly source: "Original" | "Generated" | "All";
  /** Whether `applyTo` lists the object's group/version/kind (always true for AssignMetadata). */
  appliesTo(gvk: GroupVersionKind): boolean;
  /** Mutates `obj` in place; returns whether a value was set. Throws `MutationError`. */
  mutate(obj: JsonObject): boolean;
}

/** The parts every mutator object has, read and checked. */
export interface MutatorBase {
  resource: string;
  name: string;
  namespace: string;
  spec: JsonObject;
  match: unknown;
  source: "Original" | "Generated" | "All";
  locationText: string;
  location: LocationNode[];
}

export function readMutatorBase(obj: unknown, kind: MutatorKind): MutatorBase {
  const resource = resourceName(obj, kind);
  const o = isObject(obj) ? obj : {};
  const meta = isObject(o.metadata) ? o.metadata : {};
  if (typeof meta.name !== "string" || meta.name === "") {
    throw new GatekeeperInputError(resource, "metadata.name", "must be a non-empty string");
  }
  if (!isObject(o.spec)) throw new GatekeeperInputError(resource, "spec", "must be an object");
  const spec = o.spec;
  validateMatch(spec.match, resource, "spec.match");
  const matchSource = isObject(spec.match) ? spec.match.source : undefined;
  if (matchSource !== undefined && matchSource !== "Original" && matchSource !== "Generated" && matchSource !== "All") {
    throw new GatekeeperInputError(resource, "spec.match.source", "must be Original, Generated or All");
  }
  if (typeof spec.location !== "string") throw new GatekeeperInputError(resource, "spec.location", "must be a string");
  return {
    resource,
    name: meta.name,
    namespace: typeof meta.namespace === "string" ? meta.namespace : "",
    spec,
    match: spec.match,
    // Gatekeeper's default is All: an unset source mutates real objects and expanded ones alike.
    source: (matchSource ?? "All") as MutatorBase["source"],
    locationText: spec.location,
    location: parseOrFail(spec.location, resource, "spec.location"),
  };
}

export function parseOrFail(text: string, resource: string, path: string): LocationNode[] {
  try {
    return parseLocation(text);
  } catch (e) {
    if (e instanceof LocationSyntaxError)
      throw new GatekeeperInputError(resource, path, `invalid location: ${e.message}`);
    throw e;
  }
}

/** `spec.parameters.pathTests` → tester; subPaths must be prefixes of the location. */
export function readPathTests(base: MutatorBase, parameters: JsonObject): PathTester {
  const raw = parameters.pathTests;
  if (raw === undefined) return new Map();
  const path = "spec.parameters.pathTests";
  if (!Array.isArray(raw)) throw new GatekeeperInputError(base.resource, path, "must be a list");
  const tests = raw.map((t, i) => {
    if (!isObject(t) || typeof t.subPath !== "string") {
      throw new GatekeeperInputError(base.resource, `${path}[${i}].subPath`, "must be a string");
    }
    if (t.condition !== "MustExist" && t.condition !== "MustNotExist") {
      throw new GatekeeperInputError(base.resource, `${path}[${i}].condition`, "must be MustExist or MustNotExist");
    }
    return {
      subPath: parseOrFail(t.subPath, base.resource, `${path}[${i}].subPath`),
      condition: t.condition as PathCondition,
    };
  });
  try {
    return buildPathTester(base.location, tests);
  } catch (e) {
    if (e instanceof MutationError) throw new GatekeeperInputError(base.resource, path, e.message);
    throw e;
  }
}

/**
 * `spec.applyTo` (required for Assign and ModifySet): each entry lists exact groups, versions and
 * kinds, no globs; an object is covered when one entry lists its group, version and kind.
 */
export function readApplyTo(base: MutatorBase): (gvk: GroupVersionKind) => boolean {
  const raw = base.spec.applyTo;
  const path = "spec.applyTo";
  if (!Array.isArray(raw) || raw.length === 0) {
    throw new GatekeeperInputError(base.resource, path, "is required and must list groups, versions and kinds");
  }
  const entries = raw.map((e, i) => {
    const field = (f: string): string[] => {
      const v = isObject(e) ? e[f] : undefined;
      if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string")) {
        throw new GatekeeperInputError(base.resource, `${path}[${i}].${f}`, "must be a non-empty list of strings");
      }
      return v as string[];
    };
    return { groups: field("groups"), versions: field("versions"), kinds: field("kinds") };
  });
  return (gvk) =>
    entries.some((e) => e.groups.includes(gvk.group) && e.versions.includes(gvk.version) && e.kinds.includes(gvk.kind));
}

export function parametersOf(base: MutatorBase): JsonObject {
  const p = base.spec.parameters;
  if (p === undefined) return {};
  if (!isObject(p)) throw new GatekeeperInputError(base.resource, "spec.parameters", "must be an object");
  return p;
}

/** `fromMetadata` / `value`: what Assign and AssignMetadata write. */
export type AssignedValue = { kind: "value"; value: unknown } | { kind: "fromMetadata"; field: "name" | "namespace" };

export function readAssignField(base: MutatorBase, parameters: JsonObject): AssignedValue {
  const path = "spec.parameters.assign";
  const assign = parameters.assign;
  if (!isObject(assign)) throw new GatekeeperInputError(base.resource, path, "must be an object");
  const set = ["value", "fromMetadata", "externalData"].filter((k) => assign[k] !== undefined);
  if (set.length !== 1) {
    throw new GatekeeperInputError(base.resource, path, "must set exactly one of value, fromMetadata, externalData");
  }
  if (assign.externalData !== undefined) {
    throw new GatekeeperInputError(
      base.resource,
      `${path}.externalData`,
      "external data is not modelled by the simulator",
    );
  }
  if (assign.fromMetadata !== undefined) {
    const field = isObject(assign.fromMetadata) ? assign.fromMetadata.field : undefined;
    if (field !== "name" && field !== "namespace") {
      throw new GatekeeperInputError(base.resource, `${path}.fromMetadata.field`, "must be name or namespace");
    }
    return { kind: "fromMetadata", field };
  }
  return { kind: "value", value: assign.value };
}

/** The value to write into `obj`: a fresh copy, or the object's own name / namespace. */
export function resolveAssigned(v: AssignedValue, obj: JsonObject): unknown {
  if (v.kind === "value") return structuredClone(v.value);
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const s = meta[v.field];
  return typeof s === "string" ? s : "";
}

export function startsWithMetadata(location: readonly LocationNode[]): boolean {
  const first = location[0];
  return first?.type === "object" && first.key === "metadata";
}
