/**
 * PodSecurityPolicy (`policy/v1beta1`, and the older `extensions/v1beta1` with the same shape).
 * Rule strings are enums listed in the order Kubernetes prints them in "supported values", so a
 * wrong rule reads like the API server's message. Semantic rules (ranges, capabilities, sysctls, ...)
 * are in `../psp-validation.ts`; API defaulting in `../defaults.ts`.
 */
import { z } from "zod";
import { int, namedMeta, seLinuxOptions, stringList } from "./common.js";

export const PSP_API_VERSIONS = ["policy/v1beta1", "extensions/v1beta1"] as const;

const idRange = z.looseObject({ min: int, max: int });
const ranges = z.array(idRange).optional();

export const pspSpecSchema = z.looseObject({
  privileged: z.boolean().optional(),
  defaultAddCapabilities: stringList.optional(),
  requiredDropCapabilities: stringList.optional(),
  allowedCapabilities: stringList.optional(),
  volumes: stringList.optional(),
  hostNetwork: z.boolean().optional(),
  hostPorts: z.array(z.looseObject({ min: int, max: int })).optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  seLinux: z.looseObject({
    rule: z.enum(["MustRunAs", "RunAsAny"]),
    seLinuxOptions: seLinuxOptions.optional(),
  }),
  runAsUser: z.looseObject({ rule: z.enum(["MustRunAs", "MustRunAsNonRoot", "RunAsAny"]), ranges }),
  // Kubernetes lists these three unsorted (validatePSPRunAsGroup builds the slice by hand).
  runAsGroup: z.looseObject({ rule: z.enum(["MustRunAs", "RunAsAny", "MayRunAs"]), ranges }).optional(),
  supplementalGroups: z.looseObject({ rule: z.enum(["MayRunAs", "MustRunAs", "RunAsAny"]), ranges }),
  fsGroup: z.looseObject({ rule: z.enum(["MayRunAs", "MustRunAs", "RunAsAny"]), ranges }),
  readOnlyRootFilesystem: z.boolean().optional(),
  defaultAllowPrivilegeEscalation: z.boolean().optional(),
  /** Optional on input; `defaults.ts` sets nil → true as the API server does. */
  allowPrivilegeEscalation: z.boolean().optional(),
  allowedHostPaths: z.array(z.looseObject({ pathPrefix: z.string(), readOnly: z.boolean().optional() })).optional(),
  allowedFlexVolumes: z.array(z.looseObject({ driver: z.string() })).optional(),
  allowedCSIDrivers: z.array(z.looseObject({ name: z.string() })).optional(),
  allowedUnsafeSysctls: stringList.optional(),
  forbiddenSysctls: stringList.optional(),
  allowedProcMountTypes: stringList.optional(),
  runtimeClass: z
    .looseObject({
      // Go decodes a missing list as nil, which means "no runtime class allowed"; [] says the same.
      allowedRuntimeClassNames: stringList.default([]),
      defaultRuntimeClassName: z.string().optional(),
    })
    .optional(),
});

export const podSecurityPolicySchema = z.looseObject({
  apiVersion: z.enum(PSP_API_VERSIONS),
  kind: z.literal("PodSecurityPolicy"),
  metadata: namedMeta,
  spec: pspSpecSchema,
});

/** A PSP as read, before API defaulting (allowPrivilegeEscalation may still be unset). */
export type PspInput = z.output<typeof podSecurityPolicySchema>;
