/**
 * PSP-style container defaulting as Gatekeeper `Assign` mutators: one per container list (init,
 * regular, ephemeral), each writing `securityContext.<field>` only where it is missing
 * (`pathTests: MustNotExist` on the field itself, so it is tested per container).
 */
import type { MutatorScope } from "../../../emit/concern-emitter.js";
import { resourceName } from "../../../emit/names.js";
import type { Finding } from "../../../model/findings.js";

export const POD_APPLY_TO = [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }];

const CONTAINER_LISTS = [
  ["initContainers", "init-containers"],
  ["containers", "containers"],
  ["ephemeralContainers", "ephemeral-containers"],
] as const;

export function assignMutator(
  scope: MutatorScope,
  nameParts: string[],
  location: string,
  value: unknown,
): Record<string, unknown> {
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "Assign",
    metadata: { name: resourceName(scope.namePrefix, ...nameParts) },
    spec: {
      applyTo: POD_APPLY_TO,
      match: scope.match,
      location,
      parameters: {
        pathTests: [{ subPath: location, condition: "MustNotExist" }],
        assign: { value },
      },
    },
  };
}

/** `spec.<list>[name: *].securityContext.<field> = value` where missing, for the three container lists. */
export function containerDefaultMutators(
  scope: MutatorScope,
  concern: string,
  field: string,
  value: unknown,
): Record<string, unknown>[] {
  return CONTAINER_LISTS.map(([list, short]) =>
    assignMutator(scope, [concern, short], `spec.${list}[name: *].securityContext.${field}`, value),
  );
}

/** Gatekeeper's mutating webhook runs on UPDATE too; PSP only defaults on CREATE. */
export function mutationOnUpdateFinding(psp: string, concern: string, what: string): Finding {
  return {
    code: "mutation-not-on-update",
    level: "warning",
    message:
      `Gatekeeper also mutates on UPDATE, PSP only on CREATE. For a pod stored without ${what} (created before ` +
      "the mutators), the mutator changes an immutable field and the API server refuses every update: PSP " +
      "refuses those too, except updates changing only ownerReferences/finalizers, which PSP does not evaluate " +
      "(e.g. the garbage collector removing a finalizer: such pods can get stuck terminating). An update omitting " +
      "the field for a pod stored with it is refused by PSP, admitted by Gatekeeper (the stored value is written back).",
    psps: [psp],
    concern,
    hint: "Recreate (roll) pods created before the mutators were installed, so that they carry the default.",
  };
}
