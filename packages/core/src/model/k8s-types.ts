/**
 * TypeScript shapes of the Kubernetes objects psp2gk reads. They mirror the v1 / v1beta1 API
 * (optional where the API is optional) and keep unknown fields (index signatures), because pods
 * are mutated and re-emitted and nothing the user wrote may be lost.
 *
 * The zod schemas in `./schemas` validate input into exactly these shapes; the PSP engine and the
 * RBAC resolver work on them. This file is the contract between stages: change it deliberately.
 */

/** Object metadata: only what psp2gk reads; everything else is kept. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: unknown[];
  finalizers?: string[];
  [key: string]: unknown;
}

// ---------------------------------------------------------------- PodSecurityPolicy (policy/v1beta1)

export interface IdRange {
  min: number;
  max: number;
}

export interface RunAsUserStrategy {
  rule: "MustRunAs" | "MustRunAsNonRoot" | "RunAsAny";
  ranges?: IdRange[];
}
export interface RunAsGroupStrategy {
  rule: "MustRunAs" | "MayRunAs" | "RunAsAny";
  ranges?: IdRange[];
}
export interface GroupStrategy {
  rule: "MustRunAs" | "MayRunAs" | "RunAsAny";
  ranges?: IdRange[];
}
export interface SELinuxOptions {
  user?: string;
  role?: string;
  type?: string;
  level?: string;
}
export interface SELinuxStrategy {
  rule: "MustRunAs" | "RunAsAny";
  seLinuxOptions?: SELinuxOptions;
}
export interface HostPortRange {
  min: number;
  max: number;
}
export interface AllowedHostPath {
  pathPrefix: string;
  readOnly?: boolean;
}
export interface RuntimeClassStrategy {
  allowedRuntimeClassNames: string[];
  defaultRuntimeClassName?: string;
}

/** PodSecurityPolicySpec, after API defaulting (allowPrivilegeEscalation nil → true). */
export interface PspSpec {
  privileged?: boolean;
  defaultAddCapabilities?: string[];
  requiredDropCapabilities?: string[];
  allowedCapabilities?: string[];
  volumes?: string[];
  hostNetwork?: boolean;
  hostPorts?: HostPortRange[];
  hostPID?: boolean;
  hostIPC?: boolean;
  seLinux: SELinuxStrategy;
  runAsUser: RunAsUserStrategy;
  runAsGroup?: RunAsGroupStrategy;
  supplementalGroups: GroupStrategy;
  fsGroup: GroupStrategy;
  readOnlyRootFilesystem?: boolean;
  defaultAllowPrivilegeEscalation?: boolean;
  /** Always set after API defaulting (nil → true). */
  allowPrivilegeEscalation: boolean;
  allowedHostPaths?: AllowedHostPath[];
  allowedFlexVolumes?: { driver: string }[];
  allowedCSIDrivers?: { name: string }[];
  allowedUnsafeSysctls?: string[];
  forbiddenSysctls?: string[];
  allowedProcMountTypes?: string[];
  runtimeClass?: RuntimeClassStrategy;
  [key: string]: unknown;
}

export interface PodSecurityPolicy {
  apiVersion: string;
  kind: "PodSecurityPolicy";
  metadata: ObjectMeta & { name: string };
  spec: PspSpec;
}

// ---------------------------------------------------------------- Pod (v1)

export interface Capabilities {
  add?: string[];
  drop?: string[];
  [key: string]: unknown;
}
export interface SeccompProfile {
  type: "RuntimeDefault" | "Unconfined" | "Localhost" | string;
  localhostProfile?: string;
  [key: string]: unknown;
}
export interface SecurityContext {
  capabilities?: Capabilities;
  privileged?: boolean;
  seLinuxOptions?: SELinuxOptions;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  readOnlyRootFilesystem?: boolean;
  allowPrivilegeEscalation?: boolean;
  procMount?: string;
  seccompProfile?: SeccompProfile;
  [key: string]: unknown;
}
export interface Sysctl {
  name: string;
  value: string;
}
export interface PodSecurityContext {
  seLinuxOptions?: SELinuxOptions;
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  supplementalGroups?: number[];
  fsGroup?: number;
  sysctls?: Sysctl[];
  seccompProfile?: SeccompProfile;
  [key: string]: unknown;
}
export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  protocol?: string;
  hostIP?: string;
  name?: string;
  [key: string]: unknown;
}
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  [key: string]: unknown;
}
export interface Container {
  name: string;
  image?: string;
  ports?: ContainerPort[];
  volumeMounts?: VolumeMount[];
  securityContext?: SecurityContext;
  [key: string]: unknown;
}
/** A volume: `name` plus exactly one source field (hostPath, secret, projected, csi, ...). */
export interface Volume {
  name: string;
  [source: string]: unknown;
}
export interface PodSpec {
  serviceAccountName?: string;
  /** Deprecated alias of serviceAccountName (still honoured by the API server). */
  serviceAccount?: string;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: PodSecurityContext;
  volumes?: Volume[];
  runtimeClassName?: string;
  initContainers?: Container[];
  containers: Container[];
  ephemeralContainers?: Container[];
  [key: string]: unknown;
}
export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: PodSpec;
  [key: string]: unknown;
}

/** The three container lists PSP visits, in the order the provider visits them. */
export const CONTAINER_LISTS = ["initContainers", "containers", "ephemeralContainers"] as const;
export type ContainerListName = (typeof CONTAINER_LISTS)[number];

// ---------------------------------------------------------------- RBAC (rbac.authorization.k8s.io v1 / v1beta1)

export interface PolicyRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}
export interface LabelSelectorRequirement {
  key: string;
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}
export interface ClusterRole {
  apiVersion: string;
  kind: "ClusterRole";
  metadata: ObjectMeta & { name: string };
  rules?: PolicyRule[];
  aggregationRule?: { clusterRoleSelectors?: LabelSelector[] };
}
export interface Role {
  apiVersion: string;
  kind: "Role";
  metadata: ObjectMeta & { name: string; namespace: string };
  rules?: PolicyRule[];
}
export interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
  apiGroup?: string;
}
export interface RoleRef {
  apiGroup: string;
  kind: "Role" | "ClusterRole";
  name: string;
}
export interface RoleBinding {
  apiVersion: string;
  kind: "RoleBinding";
  metadata: ObjectMeta & { name: string; namespace: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}
export interface ClusterRoleBinding {
  apiVersion: string;
  kind: "ClusterRoleBinding";
  metadata: ObjectMeta & { name: string };
  subjects?: Subject[];
  roleRef: RoleRef;
}

// ---------------------------------------------------------------- Namespaces, service accounts, workloads

export interface Namespace {
  apiVersion: string;
  kind: "Namespace";
  metadata: ObjectMeta & { name: string };
  [key: string]: unknown;
}
export interface ServiceAccount {
  apiVersion: string;
  kind: "ServiceAccount";
  metadata: ObjectMeta & { name: string };
  [key: string]: unknown;
}
export const WORKLOAD_KINDS = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
/** A workload object; `podTemplate` is its pod template (for CronJob: spec.jobTemplate.spec.template). */
export interface Workload {
  apiVersion: string;
  kind: WorkloadKind;
  metadata: ObjectMeta & { name: string };
  spec: Record<string, unknown>;
  [key: string]: unknown;
}
