/** Core v1 kinds: Namespace, ServiceAccount, Pod (and the PodSpec that workload templates reuse). */
import { z } from "zod";
import { int, namedMeta, podMeta, seLinuxOptions, stringList } from "./common.js";

const seccompProfile = z.looseObject({ type: z.string(), localhostProfile: z.string().optional() });

const securityContext = z.looseObject({
  capabilities: z.looseObject({ add: stringList.optional(), drop: stringList.optional() }).optional(),
  privileged: z.boolean().optional(),
  seLinuxOptions: seLinuxOptions.optional(),
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: z.boolean().optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
  allowPrivilegeEscalation: z.boolean().optional(),
  procMount: z.string().optional(),
  seccompProfile: seccompProfile.optional(),
});

const podSecurityContext = z.looseObject({
  seLinuxOptions: seLinuxOptions.optional(),
  runAsUser: int.optional(),
  runAsGroup: int.optional(),
  runAsNonRoot: z.boolean().optional(),
  supplementalGroups: z.array(int).optional(),
  fsGroup: int.optional(),
  sysctls: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
  seccompProfile: seccompProfile.optional(),
});

const container = z.looseObject({
  name: z.string(),
  image: z.string().optional(),
  ports: z
    .array(
      z.looseObject({
        containerPort: int,
        hostPort: int.optional(),
        protocol: z.string().optional(),
        hostIP: z.string().optional(),
        name: z.string().optional(),
      }),
    )
    .optional(),
  volumeMounts: z
    .array(z.looseObject({ name: z.string(), mountPath: z.string(), readOnly: z.boolean().optional() }))
    .optional(),
  securityContext: securityContext.optional(),
});

export const podSpecSchema = z.looseObject({
  serviceAccountName: z.string().optional(),
  serviceAccount: z.string().optional(),
  hostNetwork: z.boolean().optional(),
  hostPID: z.boolean().optional(),
  hostIPC: z.boolean().optional(),
  securityContext: podSecurityContext.optional(),
  volumes: z.array(z.looseObject({ name: z.string() })).optional(),
  runtimeClassName: z.string().optional(),
  initContainers: z.array(container).optional(),
  containers: z.array(container),
  ephemeralContainers: z.array(container).optional(),
});

/** A pod template as in workloads (`spec.template`): metadata optional, spec required. */
export const podTemplateSchema = z.looseObject({
  metadata: z.looseObject({}).optional(),
  spec: podSpecSchema,
});

export const podSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Pod"),
  metadata: podMeta,
  spec: podSpecSchema,
});
export const namespaceSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("Namespace"),
  metadata: namedMeta,
});
export const serviceAccountSchema = z.looseObject({
  apiVersion: z.literal("v1"),
  kind: z.literal("ServiceAccount"),
  metadata: namedMeta,
});
