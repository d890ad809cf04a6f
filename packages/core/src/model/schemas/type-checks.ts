/**
 * Compile-time proof that what the schemas produce is what the rest of psp2gk consumes: each line
 * fails `tsc` if a schema's output drifts from its interface in ../k8s-types.ts. Nothing runs here.
 */
import type { z } from "zod";
import type {
  ClusterRole,
  ClusterRoleBinding,
  Namespace,
  Pod,
  PodSecurityPolicy,
  PodSpec,
  Role,
  RoleBinding,
  ServiceAccount,
  Workload,
} from "../k8s-types.js";
import type { namespaceSchema, podSchema, podSpecSchema, serviceAccountSchema } from "./core.js";
import type { PspInput } from "./psp.js";
import type { clusterRoleBindingSchema, clusterRoleSchema, roleBindingSchema, roleSchema } from "./rbac.js";
import type { workloadSchemas } from "./workloads.js";

type Assert<T extends true> = T;
type Assignable<From, To> = [From] extends [To] ? true : false;

/** Namespaced kinds get their namespace filled in by the loader (absent → "default"). */
type Namespaced<T extends { metadata: object }> = T & { metadata: { namespace: string } };
/** API defaulting sets allowPrivilegeEscalation (defaults.ts). */
type DefaultedPsp = PspInput & { spec: { allowPrivilegeEscalation: boolean } };

export type SchemaChecks = [
  Assert<Assignable<DefaultedPsp, PodSecurityPolicy>>,
  Assert<Assignable<z.output<typeof podSchema>, Pod>>,
  Assert<Assignable<z.output<typeof podSpecSchema>, PodSpec>>,
  Assert<Assignable<z.output<typeof namespaceSchema>, Namespace>>,
  Assert<Assignable<z.output<typeof serviceAccountSchema>, ServiceAccount>>,
  Assert<Assignable<z.output<typeof clusterRoleSchema>, ClusterRole>>,
  Assert<Assignable<Namespaced<z.output<typeof roleSchema>>, Role>>,
  Assert<Assignable<z.output<typeof clusterRoleBindingSchema>, ClusterRoleBinding>>,
  Assert<Assignable<Namespaced<z.output<typeof roleBindingSchema>>, RoleBinding>>,
  Assert<Assignable<z.output<(typeof workloadSchemas)["Deployment"]>, Workload>>,
  Assert<Assignable<z.output<(typeof workloadSchemas)["CronJob"]>, Workload>>,
];
