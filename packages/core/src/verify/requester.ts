/**
 * Who sends the CREATE of a pod. PSP asks RBAC about the pod's service account *and* the requester
 * (psp-semantics.md §2.1), so the requester can decide which PSP a pod gets. Pods of workloads are
 * created by controllers of kube-controller-manager, each with its own service account in
 * kube-system (with --use-service-account-credentials, the default of kubeadm and managed clusters);
 * a bare pod is created by whoever applies it.
 */
import type { Identity } from "../psp/authorizer.js";
import { requesterIdentity, serviceAccountUsername } from "../rbac/identity.js";

/** The controller that creates pods for an owner of this kind (the owner's `kind` in ownerReferences). */
export const CONTROLLER_OF_OWNER: Readonly<Record<string, string>> = {
  ReplicaSet: "replicaset-controller",
  DaemonSet: "daemon-set-controller",
  StatefulSet: "statefulset-controller",
  Job: "job-controller",
  ReplicationController: "replication-controller",
};

/** The requester of a bare pod without owner when the user gives none (`--as`). */
export const DEFAULT_REQUESTER = { user: "psp2gk-verify", groups: [] as string[] };

export interface Requester {
  identity: Identity;
  /** Why this identity: `controller of ReplicaSet web-1`, `--as`, `default requester`. */
  reason: string;
  /** The identity is `as` (the user's `--as`, or the default): psp2gk does not know who really sent it. */
  fromAs: boolean;
}

interface OwnerRef {
  kind: string;
  name: string;
  controller?: boolean;
}

/** The controlling owner reference (`controller: true`), else the first one; undefined for none. */
export function controllerOwner(ownerReferences: readonly unknown[] | undefined): OwnerRef | undefined {
  const refs = (ownerReferences ?? []).filter(
    (r): r is OwnerRef =>
      r !== null &&
      typeof r === "object" &&
      typeof (r as OwnerRef).kind === "string" &&
      typeof (r as OwnerRef).name === "string",
  );
  return refs.find((r) => r.controller === true) ?? refs[0];
}

/** The identity of a kube-controller-manager controller, as the API server presents it. */
export function controllerIdentity(controller: string): Identity {
  return requesterIdentity(serviceAccountUsername("kube-system", controller), [
    "system:serviceaccounts",
    "system:serviceaccounts:kube-system",
  ]);
}

/**
 * The requester of a pod: the controller of its owner kind; the kubelet of its node for a mirror pod
 * (owner kind Node); otherwise `as` (the user's `--as`/`--as-group`, else `DEFAULT_REQUESTER`), with
 * `system:authenticated` added as the API server does. Owners of other kinds (operators, custom
 * controllers) have requesters psp2gk cannot know: they get `as` too, and the reason says so.
 */
export function requesterOf(
  ownerReferences: readonly unknown[] | undefined,
  as?: { user: string; groups: readonly string[] },
): Requester {
  const owner = controllerOwner(ownerReferences);
  const fallback = as ?? DEFAULT_REQUESTER;
  const asReason = as ? "--as" : "default requester (no owner; --as sets it)";
  if (owner) {
    const controller = CONTROLLER_OF_OWNER[owner.kind];
    if (controller) {
      return {
        identity: controllerIdentity(controller),
        reason: `${controller} (owner ${owner.kind}/${owner.name})`,
        fromAs: false,
      };
    }
    if (owner.kind === "Node") {
      return {
        identity: requesterIdentity(`system:node:${owner.name}`, ["system:nodes"]),
        reason: `kubelet of node ${owner.name} (mirror pod)`,
        fromAs: false,
      };
    }
    return {
      identity: requesterIdentity(fallback.user, fallback.groups),
      reason: `${asReason}; owner ${owner.kind}/${owner.name} has no known controller identity`,
      fromAs: true,
    };
  }
  return { identity: requesterIdentity(fallback.user, fallback.groups), reason: asReason, fromAs: true };
}

/** The controller that creates workloads owned by a workload of this kind (Deployment → ReplicaSets). */
export const CONTROLLER_OF_WORKLOAD_OWNER: Readonly<Record<string, string>> = {
  Deployment: "deployment-controller",
  CronJob: "cronjob-controller",
};

/**
 * Who sends the CREATE of a workload itself (what Gatekeeper's expansion reviews): the Deployment
 * (CronJob) controller for a ReplicaSet (Job) it owns; otherwise whoever applies it, `as`.
 */
export function workloadRequesterOf(
  ownerReferences: readonly unknown[] | undefined,
  as?: { user: string; groups: readonly string[] },
): Requester {
  const owner = controllerOwner(ownerReferences);
  const controller = owner ? CONTROLLER_OF_WORKLOAD_OWNER[owner.kind] : undefined;
  if (owner && controller) {
    return {
      identity: controllerIdentity(controller),
      reason: `${controller} (owner ${owner.kind}/${owner.name})`,
      fromAs: false,
    };
  }
  const fallback = as ?? DEFAULT_REQUESTER;
  const reason = as ? "--as" : "default requester (--as sets it)";
  return {
    identity: requesterIdentity(fallback.user, fallback.groups),
    reason: owner ? `${reason}; owner ${owner.kind}/${owner.name} has no known controller identity` : reason,
    fromAs: true,
  };
}
