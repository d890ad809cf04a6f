/**
 * Workloads whose pod template psp2gk checks: Deployment, ReplicaSet, StatefulSet, DaemonSet (apps),
 * Job, CronJob (batch). The template sits at `spec.template`; CronJob's at `spec.jobTemplate.spec.template`.
 * Only the template is typed; the rest of the spec passes through untouched.
 */
import { z } from "zod";
import type { WorkloadKind } from "../k8s-types.js";
import { namedMeta } from "./common.js";
import { podTemplateSchema } from "./core.js";

/**
 * API versions per kind. apps/v1 and batch/v1 are current; the beta versions appear in older dumps
 * (Kubernetes ≤ 1.15 for apps betas, ≤ 1.24 for batch/v1beta1 CronJob) and keep the same template path.
 */
export const WORKLOAD_API_VERSIONS: Record<WorkloadKind, readonly string[]> = {
  Deployment: ["apps/v1", "apps/v1beta2", "apps/v1beta1", "extensions/v1beta1"],
  ReplicaSet: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
  StatefulSet: ["apps/v1", "apps/v1beta2", "apps/v1beta1"],
  DaemonSet: ["apps/v1", "apps/v1beta2", "extensions/v1beta1"],
  Job: ["batch/v1"],
  CronJob: ["batch/v1", "batch/v1beta1"],
};

const withTemplate = z.looseObject({ template: podTemplateSchema });

function workloadSchema<K extends WorkloadKind>(kind: K, spec: z.ZodType<Record<string, unknown>>) {
  const versions = WORKLOAD_API_VERSIONS[kind];
  return z.looseObject({
    apiVersion: z.string().refine((v) => versions.includes(v), {
      message: `supported values: ${versions.map((v) => JSON.stringify(v)).join(", ")}`,
    }),
    kind: z.literal(kind),
    metadata: namedMeta,
    spec,
  });
}

export const workloadSchemas = {
  Deployment: workloadSchema("Deployment", withTemplate),
  ReplicaSet: workloadSchema("ReplicaSet", withTemplate),
  StatefulSet: workloadSchema("StatefulSet", withTemplate),
  DaemonSet: workloadSchema("DaemonSet", withTemplate),
  Job: workloadSchema("Job", withTemplate),
  CronJob: workloadSchema("CronJob", z.looseObject({ jobTemplate: z.looseObject({ spec: withTemplate }) })),
} as const;

/** Where a workload kind keeps its pod template, as a field path. */
export function podTemplatePath(kind: WorkloadKind): readonly string[] {
  return kind === "CronJob" ? ["spec", "jobTemplate", "spec", "template"] : ["spec", "template"];
}
