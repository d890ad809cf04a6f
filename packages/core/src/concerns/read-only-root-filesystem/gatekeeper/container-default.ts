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
    level: "info",
    message:
      `Gatekeeper also mutates on UPDATE, PSP only on CREATE: an update of a pod stored without ${what} is ` +
      "refused by the API server (mutated immutable field) where PSP refuses it as needing defaulting (same " +
      "verdict); an update request omitting it for a pod stored with it is refused by PSP but admitted by " +
      "Gatekeeper, which writes the stored value back (the pod stays as stored, compliant).",
    psps: [psp],
    concern,
    hint: "Recreate (or roll) pods created before the migration so that they carry the default.",
  };
}
