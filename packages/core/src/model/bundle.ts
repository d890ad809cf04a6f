import type { Diagnostic, SourcePos } from "./diagnostics.js";
import type {
  ClusterRole,
  ClusterRoleBinding,
  Namespace,
  Pod,
  PodSecurityPolicy,
  Role,
  RoleBinding,
  ServiceAccount,
  Workload,
} from "./k8s-types.js";

/** An object as read, with where it came from. */
export interface Loaded<T> {
  object: T;
  source: SourcePos;
}

/** What one PSP is for the engine: the validated, API-defaulted object plus whether admission can use it. */
export interface LoadedPsp extends Loaded<PodSecurityPolicy> {
  /**
   * Why the admission plugin cannot build a provider for this PSP (e.g. `runAsUser MustRunAs
   * without ranges`), or undefined when it is usable. Inert PSPs are skipped by admission.
   */
  inert?: string;
}

/** Everything read from the user's input, typed and positioned. Sorted by kind, namespace, name. */
export interface Bundle {
  psps: LoadedPsp[];
  clusterRoles: Loaded<ClusterRole>[];
  roles: Loaded<Role>[];
  clusterRoleBindings: Loaded<ClusterRoleBinding>[];
  roleBindings: Loaded<RoleBinding>[];
  namespaces: Loaded<Namespace>[];
  serviceAccounts: Loaded<ServiceAccount>[];
  pods: Loaded<Pod>[];
  workloads: Loaded<Workload>[];
  /** Kinds read but not used, with how many and where (for `--verbose`). */
  skipped: { kind: string; apiVersion: string; name: string; namespace?: string; source: SourcePos }[];
  diagnostics: Diagnostic[];
}

export function emptyBundle(): Bundle {
  return {
    psps: [],
    clusterRoles: [],
    roles: [],
    clusterRoleBindings: [],
    roleBindings: [],
    namespaces: [],
    serviceAccounts: [],
    pods: [],
    workloads: [],
    skipped: [],
    diagnostics: [],
  };
}
