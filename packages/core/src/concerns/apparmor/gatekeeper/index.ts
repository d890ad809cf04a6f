/**
 * Gatekeeper emitter for AppArmor: one `Psp2gkAppArmor` constraint per PSP, no mutators (see
 * ../README.md, section Gatekeeper).
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { ALLOWED_PROFILES_ANNOTATION, appArmorPolicy, CONTAINER_ANNOTATION_PREFIX } from "../policy.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const CONCERN = "apparmor";

export const emitter: ConcernEmitter = {
  concern: CONCERN,
  template: {
    kind: `${KIND_PREFIX}AppArmor`,
    description:
      "PodSecurityPolicy AppArmor annotations: with allowedProfiles, every container (init, regular, ephemeral) " +
      "must have a non-empty annotation container.apparmor.security.beta.kubernetes.io/<name> listed exactly. " +
      "With defaultProfile (which Gatekeeper cannot write per container) every container must have the annotation.",
    parametersSchema: {
      type: "object",
      properties: {
        allowedProfiles: {
          type: "array",
          items: { type: "string" },
          description: "The PSP annotation apparmor.security.beta.kubernetes.io/allowedProfileNames split on ','.",
        },
        defaultProfile: {
          type: "string",
          description: "The PSP annotation apparmor.security.beta.kubernetes.io/defaultProfileName (for messages).",
        },
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const { allowed, defaultProfile } = appArmorPolicy(psp);
    if (allowed === undefined && defaultProfile === "") return null;
    const text = psp.metadata.annotations?.[ALLOWED_PROFILES_ANNOTATION];
    return {
      ...(text !== undefined ? { allowedProfiles: text.split(",") } : {}),
      ...(defaultProfile !== "" ? { defaultProfile } : {}),
    };
  },
  mutators(psp: PodSecurityPolicy) {
    const { defaultProfile } = appArmorPolicy(psp);
    if (defaultProfile === "") return { mutators: [], findings: [] };
    const findings: Finding[] = [
      {
        code: "apparmor-default-not-applied",
        level: "warning",
        message:
          `PSP writes the default AppArmor profile ${defaultProfile} into ${CONTAINER_ANNOTATION_PREFIX}<container> ` +
          "for every container without one; Gatekeeper's AssignMetadata needs the literal annotation key, which " +
          "depends on the container name, so no mutator is emitted and the constraint refuses containers without " +
          "the annotation (PSP admits them with the default).",
        psps: [psp.metadata.name],
        concern: CONCERN,
        hint: `Add ${CONTAINER_ANNOTATION_PREFIX}<container>: ${defaultProfile} to the pod templates of your workloads.`,
      },
    ];
    return { mutators: [], findings };
  },
};
