/**
 * RBAC input from plain objects without source positions, e.g. the `authorization.objects` of a
 * psp-cases/v1 case or objects built in a test. `apiVersion` may be omitted (default
 * `rbac.authorization.k8s.io/v1`). Objects are checked with the same zod schemas the loader uses;
 * a malformed object becomes a Diagnostic naming the object and field, never an exception.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from "../model/k8s-types.js";
import { issuesToFieldErrors } from "../model/schemas/issues.js";
import { clusterRoleBindingSchema, clusterRoleSchema, roleBindingSchema, roleSchema } from "../model/schemas/rbac.js";
import { formatFieldError } from "../psp/field-error.js";
import { type RbacModel, resolveRbac } from "./resolve.js";
import type { RbacInput } from "./types.js";

export const DEFAULT_RBAC_API_VERSION = "rbac.authorization.k8s.io/v1";

const SCHEMAS = {
  ClusterRole: clusterRoleSchema,
  Role: roleSchema,
  ClusterRoleBinding: clusterRoleBindingSchema,
  RoleBinding: roleBindingSchema,
} as const;
type RbacKind = keyof typeof SCHEMAS;
const NAMESPACED: ReadonlySet<RbacKind> = new Set(["Role", "RoleBinding"]);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** `Kind/ns/name` as far as the object tells, for messages about it. */
function describe(obj: Record<string, unknown>, index: number): string {
  const meta = isRecord(obj.metadata) ? obj.metadata : {};
  const kind = typeof obj.kind === "string" ? obj.kind : "object";
  const parts = [meta.namespace, meta.name].filter((p): p is string => typeof p === "string" && p !== "");
  return parts.length > 0 ? `${kind}/${parts.join("/")}` : `${kind} #${index}`;
}

export interface PlainRbac {
  input: RbacInput;
  /** Objects refused (malformed) or skipped (not an RBAC kind). */
  diagnostics: Diagnostic[];
}

/** Sort RBAC objects out of a list of plain objects; anything else is reported and skipped. */
export function rbacInputFromObjects(objects: readonly unknown[]): PlainRbac {
  const input = {
    clusterRoles: [] as { object: ClusterRole }[],
    roles: [] as { object: Role }[],
    clusterRoleBindings: [] as { object: ClusterRoleBinding }[],
    roleBindings: [] as { object: RoleBinding }[],
  };
  const diagnostics: Diagnostic[] = [];
  for (const [index, raw] of objects.entries()) {
    if (!isRecord(raw)) {
      diagnostics.push({
        level: "error",
        code: "rbac-invalid-object",
        resource: `object #${index}`,
        message: "not an object",
      });
      continue;
    }
    const resource = describe(raw, index);
    const kind = raw.kind;
    if (typeof kind !== "string" || !Object.hasOwn(SCHEMAS, kind)) {
      diagnostics.push({
        level: "warning",
        code: "rbac-unknown-kind",
        resource,
        path: "kind",
        message: `not an RBAC kind (want ClusterRole, Role, ClusterRoleBinding or RoleBinding); skipped`,
      });
      continue;
    }
    const rbacKind = kind as RbacKind;
    const parsed = SCHEMAS[rbacKind].safeParse({ apiVersion: DEFAULT_RBAC_API_VERSION, ...raw });
    if (!parsed.success) {
      for (const fe of issuesToFieldErrors(parsed.error)) {
        diagnostics.push({
          level: "error",
          code: "rbac-invalid-object",
          resource,
          path: fe.path,
          message: formatFieldError(fe),
        });
      }
      continue;
    }
    const meta = parsed.data.metadata;
    if (NAMESPACED.has(rbacKind) && !meta.namespace) {
      diagnostics.push({
        level: "error",
        code: "rbac-invalid-object",
        resource,
        path: "metadata.namespace",
        message: `a ${rbacKind} needs metadata.namespace; skipped`,
      });
      continue;
    }
    // The schemas check exactly the shapes of k8s-types.ts (see model/schemas/type-checks.ts).
    switch (rbacKind) {
      case "ClusterRole":
        input.clusterRoles.push({ object: parsed.data as ClusterRole });
        break;
      case "Role":
        input.roles.push({ object: parsed.data as Role });
        break;
      case "ClusterRoleBinding":
        input.clusterRoleBindings.push({ object: parsed.data as ClusterRoleBinding });
        break;
      case "RoleBinding":
        input.roleBindings.push({ object: parsed.data as RoleBinding });
        break;
    }
  }
  return { input, diagnostics };
}

/**
 * The RBAC model of a list of plain objects (what the case runners and the oracle differential
 * call): `resolveRbac(rbacInputFromObjects(objects).input)`, with the refused objects listed first
 * among the model's diagnostics.
 */
export function rbacFromObjects(objects: readonly unknown[]): RbacModel {
  const { input, diagnostics } = rbacInputFromObjects(objects);
  const model = resolveRbac(input);
  return { ...model, diagnostics: [...diagnostics, ...model.diagnostics] };
}
