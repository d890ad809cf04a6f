/**
 * `Assign` (mutations.gatekeeper.sh/v1): writes `parameters.assign.value` (or the object's own name /
 * namespace with `fromMetadata`) at `location`, anywhere outside `metadata`
 * (`pkg/mutation/mutators/assign/assign_mutator.go`).
 *
 * Refused like Gatekeeper refuses them: a location under `metadata`, a location ending in the key
 * field of a keyed list element (`[name: a].name`), a keyed-list location whose value is not an
 * object carrying the same key, `fromMetadata` into a list, a glob as the last step.
 *
 * `parameters.assignIf` (`in` / `notIn` lists tested against the current value) existed in the
 * v1alpha1 Assign of early Gatekeeper releases and is not in today's `AssignSpec`; it is modelled
 * as those releases did it (a missing value fails `in`, passes `notIn`), so old objects can be
 * replayed, but psp2gk should not emit it.
 */
import { GatekeeperInputError } from "../errors.js";
import { isObject, type JsonObject, jsonEqual } from "../json.js";
import type { Setter } from "./apply-location.js";
import { mutateAtLocation } from "./apply-location.js";
import {
  type CompiledMutator,
  parametersOf,
  readApplyTo,
  readAssignField,
  readMutatorBase,
  readPathTests,
  resolveAssigned,
  startsWithMetadata,
} from "./compiled-mutator.js";

export function compileAssign(obj: unknown): CompiledMutator {
  const base = readMutatorBase(obj, "Assign");
  const { resource, location } = base;
  if (startsWithMetadata(location)) {
    throw new GatekeeperInputError(resource, "spec.location", "Assign cannot change metadata (use AssignMetadata)");
  }
  const last = location[location.length - 1];
  const beforeLast = location[location.length - 2];
  if (last?.type === "object" && beforeLast?.type === "list" && last.key === beforeLast.keyField) {
    throw new GatekeeperInputError(
      resource,
      "spec.location",
      "changing the key of a keyed list element is not allowed",
    );
  }
  const parameters = parametersOf(base);
  const assigned = readAssignField(base, parameters);
  if (last?.type === "list") {
    if (last.glob) throw new GatekeeperInputError(resource, "spec.location", "cannot assign to a globbed list element");
    if (assigned.kind !== "value") {
      throw new GatekeeperInputError(resource, "spec.parameters.assign", "cannot assign a metadata field to a list");
    }
    if (!isObject(assigned.value) || assigned.value[last.keyField] !== last.keyValue) {
      throw new GatekeeperInputError(
        resource,
        "spec.parameters.assign.value",
        `must be an object whose ${last.keyField} is ${JSON.stringify(last.keyValue)}`,
      );
    }
  }
  const tester = readPathTests(base, parameters);
  const appliesTo = readApplyTo(base);
  const valueTest = readAssignIf(resource, parameters.assignIf);

  return {
    kind: "Assign",
    name: base.name,
    namespace: base.namespace,
    resource,
    location: base.locationText,
    match: base.match,
    source: base.source,
    appliesTo,
    mutate(target: JsonObject): boolean {
      const value = resolveAssigned(assigned, target);
      const setter: Setter = {
        keyedListOkay: true,
        setValue: (o, key) => {
          o[key] = structuredClone(value);
        },
        keyedListValue: () => structuredClone(value) as JsonObject,
        ...(valueTest ? { valueTest } : {}),
      };
      return mutateAtLocation(location, tester, setter, target);
    },
  };
}

function readAssignIf(resource: string, raw: unknown): Setter["valueTest"] {
  if (raw === undefined) return undefined;
  const path = "spec.parameters.assignIf";
  if (!isObject(raw)) throw new GatekeeperInputError(resource, path, "must be an object");
  const list = (f: "in" | "notIn"): unknown[] => {
    const v = raw[f];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new GatekeeperInputError(resource, `${path}.${f}`, "must be a list");
    return v;
  };
  const within = list("in");
  const notIn = list("notIn");
  return (current, exists) => {
    if (within.length > 0 && (!exists || !within.some((v) => jsonEqual(v, current)))) return false;
    if (!exists) return true;
    return !notIn.some((v) => jsonEqual(v, current));
  };
}
