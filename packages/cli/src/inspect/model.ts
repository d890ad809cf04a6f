/**
 * The `psp2gk inspect` report as data: the JSON document `-o json` prints (keys documented in
 * docs/cli.md) and what the text renderer lays out. Every list is sorted; nothing depends on input order.
 */

/** Why a PSP is usable: a binding chain, or the `system:masters` super-user group. */
export type Via =
  | {
      kind: "binding";
      /** `ClusterRoleBinding/name` or `RoleBinding/namespace/name`. */
      binding: string;
      /** `ClusterRole/name` or `Role/namespace/name`. */
      role: string;
      /** `Group/name`, `User/name` or `ServiceAccount/namespace/name`. */
      subject: string;
      /** For a rule an aggregated ClusterRole got from another ClusterRole: that role, `ClusterRole/name`. */
      aggregatedFrom?: string;
    }
  | { kind: "system:masters" };

export interface PspUse {
  psp: string;
  via: Via[];
}

export type PspStatus = "usable" | "inert" | "invalid";

export interface PspRow {
  name: string;
  /** usable; inert (valid, but admission cannot build it and skips it); invalid (the API server would refuse it). */
  status: PspStatus;
  /** Why inert or invalid; null when usable. */
  reason: string | null;
  /** Concerns whose settings in this PSP can change a pod (empty: the PSP never mutates). */
  mayMutate: string[];
  /** `file:line:col` of the object (for an invalid PSP: of its first error). */
  source: string;
}

/** PSPs that pods in `namespace` may use through their service account. */
export interface ServiceAccountRow {
  /** null: any namespace not named in the input. */
  namespace: string | null;
  /** null: any service account; a name: what that SA gets on top of the "any" row. */
  serviceAccount: string | null;
  psps: PspUse[];
}

/** PSPs a requester (the identity that creates the pod) brings for pods in `namespace`. */
export interface RequesterRow {
  /** `Group/name`, `User/name` or `ServiceAccount/namespace/name` (a service account acting as a client). */
  subject: string;
  /** null: every namespace (cluster-wide grants); a name: what it brings there on top. */
  namespace: string | null;
  psps: PspUse[];
}

export interface DiagnosticJson {
  level: string;
  code: string;
  /** `file:line:col`, or null when the problem has no position. */
  source: string | null;
  resource: string | null;
  path: string | null;
  message: string;
}

export interface SkippedJson {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string | null;
  source: string;
}

export interface InspectReport {
  /** Format of this document; bumped when a key changes meaning. */
  format: "psp2gk-inspect/v1";
  inputs: {
    /** Objects read, by kind. */
    objects: Record<string, number>;
    /** Objects of kinds psp2gk does not use, by kind, and each of them. */
    skipped: Record<string, number>;
    skippedObjects: SkippedJson[];
  };
  diagnostics: DiagnosticJson[];
  psps: PspRow[];
  /** Namespaces the input names (objects, RoleBindings, binding subjects), sorted. */
  namespaces: string[];
  serviceAccounts: ServiceAccountRow[];
  requesters: RequesterRow[];
}
