/**
 * `AssignMetadata`: adds one label or annotation (`metadata.labels.<key>` or
 * `metadata.annotations.<key>`, nothing else). It only ever *adds*: Gatekeeper builds it with a
 * `MustNotExist` test on the full location, so an existing key — whatever its value — is left alone
 * (`pkg/mutation/mutators/assignmeta/assignmeta_mutator.go`; docs: "Pre-existing labels and
 * annotations cannot be modified"). The value must be a string (or `fromMetadata`). There is no
 * `applyTo`: it applies to every kind its `match` selects.
 */
import { GatekeeperInputError } from "../errors.js";
import type { JsonObject } from "../json.js";
import { mutateAtLocation } from "./apply-location.js";
import {
  type CompiledMutator,
  parametersOf,
  readAssignField,
  readMutatorBase,
  resolveAssigned,
} from "./compiled-mutator.js";

export function compileAssignMetadata(obj: unknown): CompiledMutator {
  const base = readMutatorBase(obj, "AssignMetadata");
  const { resource, location } = base;
  const [first, second, third] = location;
  const valid =
    location.length === 3 &&
    first?.type === "object" &&
    first.key === "metadata" &&
    second?.type === "object" &&
    (second.key === "labels" || second.key === "annotations") &&
    third?.type === "object";
  if (!valid) {
    throw new GatekeeperInputError(
      resource,
      "spec.location",
      "must be metadata.labels.<key> or metadata.annotations.<key>",
    );
  }
  const assigned = readAssignField(base, parametersOf(base));
  if (assigned.kind === "value" && typeof assigned.value !== "string") {
    throw new GatekeeperInputError(resource, "spec.parameters.assign.value", "must be a string for AssignMetadata");
  }
  const tester = new Map([[2, "MustNotExist" as const]]);
  return {
    kind: "AssignMetadata",
    name: base.name,
    namespace: base.namespace,
    resource,
    location: base.locationText,
    match: base.match,
    source: base.source,
    appliesTo: () => true,
    mutate(target: JsonObject): boolean {
      const value = resolveAssigned(assigned, target);
      return mutateAtLocation(
        location,
        tester,
        {
          keyedListOkay: false,
          setValue: (o, key) => {
            o[key] = value;
          },
          keyedListValue: () => ({}),
        },
        target,
      );
    },
  };
}
