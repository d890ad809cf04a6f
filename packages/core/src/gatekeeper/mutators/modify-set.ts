/**
 * `ModifySet`: treats the list at `location` as a set (`pkg/mutation/mutators/modifyset`).
 * `merge` (the default) appends each value of `values.fromList` that is not already present (deep
 * equality), or creates the list with all of them when it is missing; `prune` removes every element
 * equal to one of the values and leaves an empty list rather than deleting the field. Both are
 * idempotent. Like every mutator, the walk to the list creates missing parent objects even for a
 * prune that then has nothing to remove (Gatekeeper does the same). The last step may not be a keyed
 * list element, and the location may not be under `metadata`.
 */
import { GatekeeperInputError } from "../errors.js";
import { type JsonObject, jsonEqual } from "../json.js";
import { MutationError, mutateAtLocation } from "./apply-location.js";
import {
  type CompiledMutator,
  parametersOf,
  readApplyTo,
  readMutatorBase,
  readPathTests,
  startsWithMetadata,
} from "./compiled-mutator.js";

export function compileModifySet(obj: unknown): CompiledMutator {
  const base = readMutatorBase(obj, "ModifySet");
  const { resource, location } = base;
  if (startsWithMetadata(location)) {
    throw new GatekeeperInputError(resource, "spec.location", "ModifySet cannot change metadata");
  }
  if (location[location.length - 1]?.type === "list") {
    throw new GatekeeperInputError(
      resource,
      "spec.location",
      "the last step of a ModifySet location cannot be a keyed list",
    );
  }
  const parameters = parametersOf(base);
  const operation = parameters.operation ?? "merge";
  if (operation !== "merge" && operation !== "prune") {
    throw new GatekeeperInputError(resource, "spec.parameters.operation", "must be merge or prune");
  }
  const values = (parameters.values as { fromList?: unknown } | undefined)?.fromList;
  if (!Array.isArray(values)) {
    throw new GatekeeperInputError(resource, "spec.parameters.values.fromList", "must be a list");
  }
  const tester = readPathTests(base, parameters);
  const appliesTo = readApplyTo(base);

  const setValue = (o: JsonObject, key: string) => {
    const current = o[key];
    if (current === undefined) {
      if (operation === "merge") o[key] = structuredClone(values);
      return;
    }
    if (!Array.isArray(current)) throw new MutationError(`${key} is not a list of values, cannot treat it as a set`);
    if (operation === "merge") {
      const merged = [...current];
      for (const v of values) if (!merged.some((e) => jsonEqual(e, v))) merged.push(structuredClone(v));
      o[key] = merged;
    } else {
      o[key] = current.filter((e) => !values.some((v) => jsonEqual(e, v)));
    }
  };

  return {
    kind: "ModifySet",
    name: base.name,
    namespace: base.namespace,
    resource,
    location: base.locationText,
    match: base.match,
    source: base.source,
    appliesTo,
    mutate: (target) =>
      mutateAtLocation(location, tester, { keyedListOkay: false, setValue, keyedListValue: () => ({}) }, target),
  };
}
