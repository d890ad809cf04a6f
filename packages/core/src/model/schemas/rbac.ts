/** Role, ClusterRole (with aggregationRule), RoleBinding, ClusterRoleBinding: rbac.authorization.k8s.io v1 and v1beta1. */
import { z } from "zod";
import { labelSelector, namedMeta, stringList } from "./common.js";

export const RBAC_API_VERSIONS = ["rbac.authorization.k8s.io/v1", "rbac.authorization.k8s.io/v1beta1"] as const;
const apiVersion = z.enum(RBAC_API_VERSIONS);

const policyRule = z.looseObject({
  verbs: stringList,
  apiGroups: stringList.optional(),
  resources: stringList.optional(),
  resourceNames: stringList.optional(),
  nonResourceURLs: stringList.optional(),
});
const subject = z.looseObject({
  kind: z.enum(["User", "Group", "ServiceAccount"]),
  name: z.string(),
  namespace: z.string().optional(),
  apiGroup: z.string().optional(),
});
const roleRef = z.looseObject({
  apiGroup: z.string(),
  kind: z.enum(["Role", "ClusterRole"]),
  name: z.string(),
});

export const roleSchema = z.looseObject({
  apiVersion,
  kind: z.literal("Role"),
  metadata: namedMeta,
  rules: z.array(policyRule).optional(),
});
export const clusterRoleSchema = z.looseObject({
  apiVersion,
  kind: z.literal("ClusterRole"),
  metadata: namedMeta,
  rules: z.array(policyRule).optional(),
  aggregationRule: z.looseObject({ clusterRoleSelectors: z.array(labelSelector).optional() }).optional(),
});
export const roleBindingSchema = z.looseObject({
  apiVersion,
  kind: z.literal("RoleBinding"),
  metadata: namedMeta,
  subjects: z.array(subject).optional(),
  roleRef,
});
export const clusterRoleBindingSchema = z.looseObject({
  apiVersion,
  kind: z.literal("ClusterRoleBinding"),
  metadata: namedMeta,
  subjects: z.array(subject).optional(),
  roleRef,
});
