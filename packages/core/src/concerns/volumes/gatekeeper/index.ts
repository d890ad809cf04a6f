/**
 * Gatekeeper emission for `volumes`, `allowedHostPaths`, `allowedFlexVolumes` and
 * `allowedCSIDrivers`: one constraint carrying PSP's lists (the three allow-lists only when
 * non-empty: PSP's empty list means "any"), always — even `volumes: ['*']` refuses volume sources PSP
 * does not know. Never a mutator (PSP does not default volumes).
 */
import { type ConcernEmitter, KIND_PREFIX } from "../../../emit/concern-emitter.js";
import type { Finding } from "../../../model/findings.js";
import type { PodSecurityPolicy } from "../../../model/k8s-types.js";
import { ALL_VOLUMES } from "../fs-types.js";
import { CEL_SOURCE, REGO_SOURCE } from "./sources.generated.js";

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

const nonEmptyList = (description: string, items: Record<string, unknown>) => ({
  type: "array",
  minItems: 1,
  description,
  items,
});

export const emitter: ConcernEmitter = {
  concern: "volumes",
  template: {
    kind: `${KIND_PREFIX}Volumes`,
    description:
      "PodSecurityPolicy `volumes`, `allowedHostPaths`, `allowedFlexVolumes`, `allowedCSIDrivers`: every pod " +
      "volume's type must be listed (`*` = any; empty = no volumes; a projected volume of only the " +
      "service-account token sources passes when `secret` is listed); hostPath paths must match a listed " +
      "prefix segment-wise, read-only prefixes requiring read-only mounts in every container; flexVolume and " +
      "CSI drivers must be listed. An absent allow-list means any path / driver.",
    parametersSchema: {
      type: "object",
      properties: {
        volumes: {
          type: "array",
          description: "Allowed volume types, PSP names (`cephFS`, `csi`, `ephemeral`, ...); `*` = any; empty = none.",
          items: { type: "string" },
        },
        allowedHostPaths: nonEmptyList("Allowed hostPath prefixes (PSP `allowedHostPaths`); absent = any path.", {
          type: "object",
          required: ["pathPrefix"],
          properties: { pathPrefix: { type: "string" }, readOnly: { type: "boolean" } },
        }),
        allowedFlexVolumes: nonEmptyList("Allowed flexVolume drivers (PSP `allowedFlexVolumes`); absent = any.", {
          type: "object",
          required: ["driver"],
          properties: { driver: { type: "string" } },
        }),
        allowedCSIDrivers: nonEmptyList("Allowed inline CSI drivers (PSP `allowedCSIDrivers`); absent = any.", {
          type: "object",
          required: ["name"],
          properties: { name: { type: "string" } },
        }),
      },
    },
    cel: CEL_SOURCE,
    rego: REGO_SOURCE,
  },
  parameters(psp: PodSecurityPolicy) {
    const volumes = [...new Set(psp.spec.volumes ?? [])].sort();
    const hostPaths = (psp.spec.allowedHostPaths ?? [])
      .map((h) => ({ pathPrefix: h.pathPrefix, readOnly: h.readOnly === true }))
      .sort(byKey((h) => `${h.pathPrefix}\u0000${h.readOnly}`));
    const flex = [...new Set((psp.spec.allowedFlexVolumes ?? []).map((d) => d.driver))]
      .sort()
      .map((driver) => ({ driver }));
    const csi = [...new Set((psp.spec.allowedCSIDrivers ?? []).map((d) => d.name))].sort().map((name) => ({ name }));
    // Always a constraint: even `*` refuses volume sources PSP does not know (see findings()).
    return {
      volumes,
      ...(hostPaths.length ? { allowedHostPaths: hostPaths } : {}),
      ...(flex.length ? { allowedFlexVolumes: flex } : {}),
      ...(csi.length ? { allowedCSIDrivers: csi } : {}),
    };
  },
  mutators: () => ({ mutators: [], findings: [] }),
  findings(psp: PodSecurityPolicy): Finding[] {
    if (!(psp.spec.volumes ?? []).includes(ALL_VOLUMES)) return [];
    return [
      {
        code: "volume-type-unknown-to-psp",
        level: "info",
        message:
          "PSP refuses a volume whose source it does not know (\"unknown volume type\"), even with `volumes: ['*']`; " +
          "the Psp2gkVolumes constraint does the same, so pods using volume sources newer than PSP (e.g. `image`, " +
          "Kubernetes 1.31+) are refused.",
        psps: [psp.metadata.name],
        concern: "volumes",
        hint: "To allow such volumes, exclude those pods from the constraint's match or adapt the template's sourceFields.",
      },
    ];
  },
};
