/**
 * Gatekeeper emitter for seccomp: one `Psp2gkSeccomp` constraint and, for a default profile, one
 * AssignMetadata mutator per PSP (see ../README.md, section Gatekeeper).
 */
import { type ConcernEmitter, KIND_PREFIX, type MutatorScope } from "../../../emit/concern-emitter.js";
import { resourceName } from "../../../emit/names.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { ALLOWED_PROFILES_ANNOTATION, seccompPolicy } from "../policy.js";
import { POD_ANNOTATION } from "../profiles.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "seccomp";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}Seccomp`,
    description:
      "PodSecurityPolicy seccomp allowedProfileNames (v1.19+): the pod profile (annotation " +
      "seccomp.security.alpha.kubernetes.io/pod, else spec.securityContext.seccompProfile) and every container's " +
      "profile (its field, its container annotation, the pod field, the pod annotation) must be listed; docker/default " +
      "and runtime/default are interchangeable; '*' allows any. Without a list, no profile may be set.",
    parametersSchema: {
      type: "object",
      properties: {
        allowedProfileNames: {
          type: "array",
          items: { type: "string" },
          description:
            "The PSP annotation seccomp.security.alpha.kubernetes.io/allowedProfileNames split on ','; absent = " +
            "the annotation is absent (no profile may be set).",
        },
        defaultProfileName: {
          type: "string",
          description:
            "The PSP annotation seccomp.security.alpha.kubernetes.io/defaultProfileName, written by the mutator; an " +
            "UPDATE may not give a pod stored without a profile this one (PSP never mutates on update).",
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const text = psp.metadata.annotations?.[ALLOWED_PROFILES_ANNOTATION];
    const { allowAny, defaultProfile } = seccompPolicy(psp);
    // `*` listed: every profile, empty included, is allowed. With a default the constraint is still
    // needed for the rules that go with the mutator (annotation vs field, no profile added on update).
    if (allowAny && defaultProfile === "") return null;
    return {
      ...(text !== undefined ? { allowedProfileNames: text.split(",") } : {}),
      ...(defaultProfile !== "" ? { defaultProfileName: defaultProfile } : {}),
    };
  },
  mutators(psp: PodSecurityPolicy, scope: MutatorScope) {
    const { defaultProfile } = seccompPolicy(psp);
    if (defaultProfile === "") return { mutators: [], findings: [] };
    const psps = [psp.metadata.name];
    const mutators = [
      {
        apiVersion: "mutations.gatekeeper.sh/v1",
        kind: "AssignMetadata",
        metadata: { name: resourceName(scope.namePrefix, CONCERN, "pod", "default") },
        spec: {
          match: scope.match,
          location: `metadata.annotations."${POD_ANNOTATION}"`,
          parameters: { assign: { value: defaultProfile } },
        },
      },
    ];
    const findings: Finding[] = [
      {
        code: "seccomp-default-vs-field",
        level: "warning",
        message:
          `PSP writes the default seccomp profile (${defaultProfile}) only when the pod has neither the annotation ` +
          `${POD_ANNOTATION} nor spec.securityContext.seccompProfile, and copies the field into the annotation ` +
          "otherwise; Gatekeeper's AssignMetadata cannot look at the field and writes the default, so a pod with a " +
          "different pod-level seccompProfile field and no annotation is refused (annotation and field disagree).",
        psps,
        concern: CONCERN,
        hint: `Set the pod annotation ${POD_ANNOTATION} to match the field in such workloads.`,
      },
      {
        code: "seccomp-empty-annotation-not-defaulted",
        level: "warning",
        message:
          `PSP also writes the default over an annotation ${POD_ANNOTATION} that is present but empty; ` +
          "AssignMetadata only adds absent annotations, so such pods keep the empty value and are checked with it " +
          "(refused unless an empty profile is allowed).",
        psps,
        concern: CONCERN,
        hint: "Remove the empty annotation from such workloads.",
      },
      {
        code: "mutation-not-on-update",
        level: "warning",
        message:
          "PSP writes the default seccomp annotation on CREATE only; Gatekeeper's AssignMetadata also runs on UPDATE. " +
          "The constraint refuses an update that gives a pod stored without a pod profile the default one, as PSP " +
          "refuses it, but also when the user adds exactly that profile himself (PSP admits that); an update that removes the pod " +
          "annotation gets the default back (PSP refuses it; the stored value is kept).",
        psps,
        concern: CONCERN,
        hint: "Limit Gatekeeper's mutating webhook to CREATE (Helm value mutatingWebhookCustomRules) to match PSP.",
      },
    ];
    return { mutators, findings };
  },
};
