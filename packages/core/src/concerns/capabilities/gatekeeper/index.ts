/**
 * Gatekeeper emitter for capabilities: one `Psp2gkCapabilities` constraint and ModifySet mutators
 * per PSP (see ../README.md, section Gatekeeper).
 */
import { type ConcernEmitter, KIND_PREFIX, type MutatorScope } from "../../../emit/concern-emitter.js";
import { resourceName } from "../../../emit/names.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { ALLOW_ALL_CAPABILITIES } from "../validation.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "capabilities";
const stringList = { type: "array", items: { type: "string" } } as const;
const POD_APPLY_TO = [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }];
/** Container lists and the short name used in mutator names. */
const CONTAINER_LISTS = [
  ["containers", "containers"],
  ["initContainers", "init"],
  ["ephemeralContainers", "ephemeral"],
] as const;

function modifySet(name: string, scope: MutatorScope, location: string, values: string[]): Record<string, unknown> {
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "ModifySet",
    metadata: { name },
    spec: {
      applyTo: POD_APPLY_TO,
      match: scope.match,
      location,
      parameters: { operation: "merge", values: { fromList: values } },
    },
  };
}

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}Capabilities`,
    description:
      "PodSecurityPolicy capabilities, with PSP's exact, case-sensitive names: every container (init, regular, " +
      "ephemeral) may add only allowedCapabilities or defaultAddCapabilities ('*' allows anything), must drop every " +
      "requiredDropCapabilities entry, and must have a capabilities object when the policy defaults capabilities. " +
      "Also refuses a default capability that a container both adds and drops (PSP would not add it).",
    parametersSchema: {
      type: "object",
      properties: {
        allowedCapabilities: { ...stringList, description: "PSP allowedCapabilities; '*' allows every capability." },
        defaultAddCapabilities: {
          ...stringList,
          description: "PSP defaultAddCapabilities: allowed in add, and written by the mutators.",
        },
        requiredDropCapabilities: {
          ...stringList,
          description: "PSP requiredDropCapabilities: every container must list each in drop.",
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const allowed = psp.spec.allowedCapabilities ?? [];
    const defaultAdd = psp.spec.defaultAddCapabilities ?? [];
    const requiredDrop = psp.spec.requiredDropCapabilities ?? [];
    if (allowed.includes(ALLOW_ALL_CAPABILITIES) && defaultAdd.length === 0 && requiredDrop.length === 0) return null;
    return {
      allowedCapabilities: [...allowed],
      defaultAddCapabilities: [...defaultAdd],
      requiredDropCapabilities: [...requiredDrop],
    };
  },
  mutators(psp: PodSecurityPolicy, scope: MutatorScope) {
    const defaultAdd = psp.spec.defaultAddCapabilities ?? [];
    const requiredDrop = psp.spec.requiredDropCapabilities ?? [];
    const mutators: Record<string, unknown>[] = [];
    for (const [list, short] of CONTAINER_LISTS) {
      for (const [field, values] of [
        ["add", defaultAdd],
        ["drop", requiredDrop],
      ] as const) {
        if (values.length === 0) continue;
        mutators.push(
          modifySet(
            resourceName(scope.namePrefix, CONCERN, short, field),
            scope,
            `spec.${list}[name:*].securityContext.capabilities.${field}`,
            [...values],
          ),
        );
      }
    }
    const findings: Finding[] = [];
    const psps = [psp.metadata.name];
    if (defaultAdd.length > 0) {
      findings.push({
        code: "capabilities-dropped-default-add",
        level: "warning",
        message:
          `PSP does not add a defaultAddCapabilities entry (${defaultAdd.join(", ")}) to a container that drops it; ` +
          "Gatekeeper's ModifySet adds it anyway, so the constraint refuses containers that drop a default capability " +
          "(PSP admits them without it).",
        psps,
        concern: CONCERN,
        hint: "Remove the capability from the container's drop list, or from the policy's defaultAddCapabilities.",
      });
    }
    if (mutators.length > 0) {
      findings.push({
        code: "mutation-not-on-update",
        level: "warning",
        message:
          "PSP writes default capabilities on CREATE only; Gatekeeper's mutators also run on UPDATE. An update of a " +
          "pod lacking a default is refused either way (PSP: not valid unchanged; the API server: the mutated " +
          "container securityContext is immutable), only the error differs; but an update of a pod with a container " +
          "that drops a default capability (created before the mutators) is refused, where PSP admits it.",
        psps,
        concern: CONCERN,
        hint: "Limit Gatekeeper's mutating webhook to CREATE (Helm value mutatingWebhookCustomRules) to match PSP on UPDATE.",
      });
      findings.push({
        code: "capabilities-not-sorted",
        level: "info",
        message:
          "PSP rewrites a defaulted container's add/drop lists sorted and without duplicates; ModifySet appends the " +
          "missing entries in order. The sets (what the runtime applies) are the same.",
        psps,
        concern: CONCERN,
      });
    }
    return { mutators, findings };
  },
};
