/**
 * The pods a workload's controller creates: PSP never checks workloads themselves, only the pods
 * their controllers create from the pod template (psp-semantics.md §1). A pod is the template's
 * metadata (labels, annotations) and spec, in the workload's namespace, named like the controller
 * names them (`<workload>-<suffix>`, the suffix deterministic here instead of random).
 */
import type { Pod, Workload, WorkloadKind } from "../model/k8s-types.js";
import { deepCopy } from "../psp/plain-data.js";
import { stableSuffix } from "./api-server.js";

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The pod template of a workload (CronJob: `spec.jobTemplate.spec.template`), or {} when absent. */
export function podTemplateOf(workload: { kind: string; spec?: unknown }): Record<string, unknown> {
  const spec = asRecord(workload.spec);
  const holder = workload.kind === "CronJob" ? asRecord(asRecord(spec.jobTemplate).spec) : spec;
  return asRecord(holder.template);
}

/** Kind of the object that creates the pods directly: Deployments create ReplicaSets, CronJobs Jobs. */
export const POD_OWNER_KIND: Record<WorkloadKind, string> = {
  Deployment: "ReplicaSet",
  ReplicaSet: "ReplicaSet",
  StatefulSet: "StatefulSet",
  DaemonSet: "DaemonSet",
  Job: "Job",
  CronJob: "Job",
};

/** The pod a workload's controller would create from its template. */
export function podFromWorkload(workload: Workload): Pod {
  const template = podTemplateOf(workload);
  const namespace = workload.metadata.namespace ?? "default";
  const metadata = deepCopy(asRecord(template.metadata));
  const name = `${workload.metadata.name}-${stableSuffix(`${workload.kind}/${namespace}/${workload.metadata.name}`)}`;
  const pod: Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      ...(metadata.labels ? { labels: metadata.labels as Record<string, string> } : {}),
      ...(metadata.annotations ? { annotations: metadata.annotations as Record<string, string> } : {}),
      name,
      namespace,
      // So requesterOf and the kubernetes.io/psp check know who created it.
      ownerReferences: [
        { apiVersion: "v1", kind: POD_OWNER_KIND[workload.kind], name: workload.metadata.name, controller: true },
      ],
    },
    spec: deepCopy(asRecord(template.spec)) as unknown as Pod["spec"],
  };
  if (!Array.isArray(pod.spec.containers)) pod.spec.containers = [];
  return pod;
}
