/**
 * Bindings → compiled grants: for each binding, each subject it names and each rule of its role
 * that grants `use` of PSPs, one entry. Roles are resolved the way the RBAC authorizer does
 * (`GetRoleReferenceRules`): a RoleBinding's `Role` is looked up in the binding's namespace, a
 * `ClusterRole` by name; a ClusterRoleBinding can only use a ClusterRole.
 */
import type { Diagnostic, SourcePos } from "../model/diagnostics.js";
import type { ClusterRoleBinding, Role, RoleBinding, RoleRef } from "../model/k8s-types.js";
import type { EffectiveRule } from "./aggregation.js";
import { type RulePspAccess, rulePspAccess } from "./rule-match.js";
import { resolveSubject, type SubjectKey } from "./subjects.js";
import type { BindingRef, GrantBasis, Positioned, RoleRefResolved } from "./types.js";

/** One binding subject × one granting rule. `namespace` undefined = cluster-wide. */
export interface CompiledGrant {
  namespace: string | undefined;
  key: SubjectKey;
  basis: GrantBasis;
  access: Exclude<RulePspAccess, { kind: "none" }>;
}

export interface RoleLookup {
  clusterRoleRules(name: string): EffectiveRule[] | undefined;
  /** Rules of Role `namespace/name`, or undefined when it is not in the input. */
  roleRules(namespace: string, name: string): EffectiveRule[] | undefined;
}

const rbRef = (b: RoleBinding) => `RoleBinding/${b.metadata.namespace}/${b.metadata.name}`;
const crbRef = (b: ClusterRoleBinding) => `ClusterRoleBinding/${b.metadata.name}`;

function withSource(d: Diagnostic, source: SourcePos | undefined): Diagnostic {
  return source ? { ...d, source } : d;
}

/** Rules of the referenced role, or a diagnostic saying why the binding grants nothing. */
function resolveRoleRef(
  roleRef: RoleRef,
  bindingNamespace: string | undefined,
  roles: RoleLookup,
  resource: string,
): { role: RoleRefResolved; rules: EffectiveRule[] } | Omit<Diagnostic, "source"> {
  if (roleRef.kind === "ClusterRole") {
    const rules = roles.clusterRoleRules(roleRef.name);
    if (rules) return { role: { kind: "ClusterRole", name: roleRef.name }, rules };
    return {
      level: "warning",
      code: "rbac-missing-role",
      resource,
      path: "roleRef.name",
      message: `refers to ClusterRole ${roleRef.name}, which is not in the input; the binding grants nothing here`,
    };
  }
  if (roleRef.kind === "Role" && bindingNamespace !== undefined) {
    const rules = roles.roleRules(bindingNamespace, roleRef.name);
    if (rules) return { role: { kind: "Role", name: roleRef.name, namespace: bindingNamespace }, rules };
    return {
      level: "warning",
      code: "rbac-missing-role",
      resource,
      path: "roleRef.name",
      message: `refers to Role ${bindingNamespace}/${roleRef.name}, which is not in the input; the binding grants nothing here`,
    };
  }
  return {
    level: "warning",
    code: "rbac-invalid-role-ref",
    resource,
    path: "roleRef.kind",
    message:
      roleRef.kind === "Role"
        ? "a ClusterRoleBinding can only refer to a ClusterRole (the API server refuses a Role); ignored"
        : `unknown roleRef kind ${JSON.stringify(roleRef.kind)} (want Role or ClusterRole); ignored`,
  };
}

function compileBinding(
  entry: Positioned<RoleBinding> | Positioned<ClusterRoleBinding>,
  roles: RoleLookup,
  out: CompiledGrant[],
  diagnostics: Diagnostic[],
): void {
  const b = entry.object;
  const namespace = b.kind === "RoleBinding" ? b.metadata.namespace : undefined;
  const resource = b.kind === "RoleBinding" ? rbRef(b) : crbRef(b as ClusterRoleBinding);
  const resolved = resolveRoleRef(b.roleRef, namespace, roles, resource);
  if (!("rules" in resolved)) {
    diagnostics.push(withSource(resolved, entry.source));
    return;
  }
  const binding: BindingRef = {
    kind: b.kind,
    name: b.metadata.name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(entry.source ? { source: entry.source } : {}),
  };
  const granting = resolved.rules.flatMap((r, ruleIndex) => {
    const access = rulePspAccess(r.rule);
    return access.kind === "none" ? [] : [{ r, ruleIndex, access }];
  });
  for (const [i, subject] of (b.subjects ?? []).entries()) {
    const s = resolveSubject(subject, namespace);
    if (!s.ok) {
      diagnostics.push(
        withSource(
          {
            level: "warning",
            code: "rbac-subject-ignored",
            resource,
            path: `subjects[${i}].${s.path}`,
            message: s.problem,
          },
          entry.source,
        ),
      );
      continue;
    }
    for (const { r, ruleIndex, access } of granting) {
      // A rule written by another ClusterRole reached this one through aggregation.
      const aggregated = resolved.role.kind === "ClusterRole" && r.origin.clusterRole !== resolved.role.name;
      out.push({
        namespace,
        key: s.key,
        access,
        basis: {
          scope: namespace === undefined ? { cluster: true } : { namespace },
          subject: s.subject,
          binding,
          role: resolved.role,
          ruleIndex,
          ...(aggregated ? { aggregatedFrom: { ...r.origin } } : {}),
        },
      });
    }
  }
}

export function compileBindings(
  clusterRoleBindings: readonly Positioned<ClusterRoleBinding>[],
  roleBindings: readonly Positioned<RoleBinding>[],
  roles: RoleLookup,
): { grants: CompiledGrant[]; diagnostics: Diagnostic[] } {
  const grants: CompiledGrant[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const b of clusterRoleBindings) compileBinding(b, roles, grants, diagnostics);
  for (const b of roleBindings) compileBinding(b, roles, grants, diagnostics);
  return { grants, diagnostics };
}

/** Role rules as effective rules (Roles cannot aggregate). */
export function roleEffectiveRules(role: Role): EffectiveRule[] {
  return (role.rules ?? []).map((rule, ruleIndex) => ({
    rule,
    origin: { clusterRole: role.metadata.name, ruleIndex },
  }));
}
