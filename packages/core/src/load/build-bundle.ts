/**
 * Objects → Bundle (the pure part of loading): classify by kind and apiVersion, decode with the zod
 * schemas, validate PSPs as the API server would, default namespaces, drop duplicates, mark inert
 * PSPs, sort. Every problem becomes a Diagnostic pointing at file:line:col of the offending value.
 */
import { type Bundle, emptyBundle, type Loaded } from "../model/bundle.js";
import type { Diagnostic, SourcePos } from "../model/diagnostics.js";
import { WORKLOAD_KINDS, type WorkloadKind } from "../model/k8s-types.js";
import { checkPsp } from "../model/psp-validation.js";
import { namespaceSchema, podSchema, serviceAccountSchema } from "../model/schemas/core.js";
import { issuesToFieldErrors, parsePath } from "../model/schemas/issues.js";
import { PSP_API_VERSIONS } from "../model/schemas/psp.js";
import {
  clusterRoleBindingSchema,
  clusterRoleSchema,
  RBAC_API_VERSIONS,
  roleBindingSchema,
  roleSchema,
} from "../model/schemas/rbac.js";
import { WORKLOAD_API_VERSIONS, workloadSchemas } from "../model/schemas/workloads.js";
import { byteOrder } from "../model/validation/fs-types.js";
import { type FieldError, formatFieldError } from "../psp/field-error.js";
import { inertReason } from "../psp/inert.js";
import { isPlainObject } from "./flatten.js";
import type { ParsedObject } from "./types.js";

type Obj = Record<string, unknown>;
type Schema = {
  safeParse(
    v: unknown,
    p?: { reportInput?: boolean },
  ): { success: true; data: unknown } | { success: false; error: Parameters<typeof issuesToFieldErrors>[0] };
};

/** Kinds psp2gk reads, the API versions it understands for each, and whether they live in a namespace. */
const KINDS: Record<string, { versions: readonly string[]; namespaced: boolean; schema?: Schema }> = {
  PodSecurityPolicy: { versions: PSP_API_VERSIONS, namespaced: false },
  ClusterRole: { versions: RBAC_API_VERSIONS, namespaced: false, schema: clusterRoleSchema },
  Role: { versions: RBAC_API_VERSIONS, namespaced: true, schema: roleSchema },
  ClusterRoleBinding: { versions: RBAC_API_VERSIONS, namespaced: false, schema: clusterRoleBindingSchema },
  RoleBinding: { versions: RBAC_API_VERSIONS, namespaced: true, schema: roleBindingSchema },
  Namespace: { versions: ["v1"], namespaced: false, schema: namespaceSchema },
  ServiceAccount: { versions: ["v1"], namespaced: true, schema: serviceAccountSchema },
  Pod: { versions: ["v1"], namespaced: true, schema: podSchema },
  ...Object.fromEntries(
    WORKLOAD_KINDS.map((k) => [
      k,
      { versions: WORKLOAD_API_VERSIONS[k], namespaced: true, schema: workloadSchemas[k] },
    ]),
  ),
};

/** The namespace `kubectl apply` uses for a namespaced object that names none (with no -n and a default context). */
export const DEFAULT_NAMESPACE = "default";

/**
 * JSON `null` means "not set" to the API server's decoder (`rules: null` in aggregated ClusterRoles,
 * `creationTimestamp: null` in generated manifests); drop such keys so the schemas see them as absent.
 */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (!isPlainObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = withoutNulls(x);
  return out;
}

function resourceName(kind: string, namespace: string | undefined, name: string): string {
  return namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`;
}

function messageOf(e: FieldError): string {
  const full = formatFieldError(e);
  return e.path && full.startsWith(`${e.path}: `) ? full.slice(e.path.length + 2) : full;
}

export interface BuildContext {
  /** Diagnostics gathered while reading (syntax errors, ...), kept in front of the bundle's own. */
  diagnostics?: Diagnostic[];
}

export function buildBundle(objects: readonly ParsedObject[], context: BuildContext = {}): Bundle {
  const bundle = emptyBundle();
  const diags: Diagnostic[] = [...(context.diagnostics ?? [])];
  const seen = new Map<string, SourcePos>();

  for (const parsed of objects) {
    const { source, locate } = parsed;
    const fieldDiag = (
      code: string,
      e: FieldError,
      resource?: string,
      level: Diagnostic["level"] = "error",
    ): Diagnostic => ({
      level,
      code,
      message: messageOf(e),
      source: (e.path ? locate(parsePath(e.path)) : undefined) ?? source,
      ...(resource ? { resource } : {}),
      ...(e.path ? { path: e.path } : {}),
    });

    if (!isPlainObject(parsed.value)) {
      const got = Array.isArray(parsed.value) ? "a list" : `a ${typeof parsed.value}`;
      diags.push({
        level: "error",
        code: "object-not-a-map",
        message: `expected a Kubernetes object (a mapping with apiVersion, kind and metadata), got ${got}`,
        source,
      });
      continue;
    }
    const value = withoutNulls(parsed.value) as Obj;
    const header: FieldError[] = [];
    for (const field of ["apiVersion", "kind"] as const) {
      if (value[field] === undefined) header.push({ type: "Required", path: field, detail: `${field} must be set` });
      else if (typeof value[field] !== "string") {
        header.push({ type: "Invalid", path: field, value: value[field], detail: "must be a string" });
      }
    }
    if (header.length > 0) {
      for (const e of header) diags.push(fieldDiag("object-invalid", e));
      continue;
    }
    const kind = value.kind as string;
    const apiVersion = value.apiVersion as string;
    const meta = isPlainObject(value.metadata) ? value.metadata : {};
    const name = typeof meta.name === "string" ? meta.name : "";
    const spec = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
    let namespace = typeof meta.namespace === "string" && meta.namespace !== "" ? meta.namespace : undefined;
    if (!spec) {
      bundle.skipped.push({ kind, apiVersion, name, ...(namespace ? { namespace } : {}), source });
      continue;
    }
    if (spec.namespaced && !namespace) namespace = DEFAULT_NAMESPACE;
    if (!spec.namespaced) namespace = undefined; // kubectl ignores a namespace on cluster-scoped objects
    const resource = resourceName(kind, namespace, name || "<unnamed>");
    if (!spec.versions.includes(apiVersion)) {
      diags.push({
        level: "warning",
        code: "unsupported-api-version",
        message: `apiVersion ${JSON.stringify(apiVersion)} of ${kind} is not one psp2gk reads (${spec.versions.join(", ")}); the object is skipped`,
        source: locate(["apiVersion"]) ?? source,
        resource,
        path: "apiVersion",
      });
      bundle.skipped.push({ kind, apiVersion, name, ...(namespace ? { namespace } : {}), source });
      continue;
    }

    let decoded: unknown;
    if (kind === "PodSecurityPolicy") {
      const { psp, errors } = checkPsp(value);
      if (errors.length > 0 || !psp) {
        for (const e of errors) diags.push(fieldDiag("psp-invalid", e, resource));
        continue;
      }
      decoded = psp;
    } else {
      const result = (spec.schema as Schema).safeParse(value, { reportInput: true });
      if (!result.success) {
        for (const e of issuesToFieldErrors(result.error)) diags.push(fieldDiag("object-invalid", e, resource));
        continue;
      }
      decoded = result.data;
    }

    const key = `${kind}\u0000${namespace ?? ""}\u0000${name}`;
    const first = seen.get(key);
    if (first) {
      diags.push({
        level: "error",
        code: "object-duplicate",
        message: `defined twice: here and at ${first.file}:${first.line}:${first.col}; only the first is used`,
        source,
        resource,
      });
      continue;
    }
    seen.set(key, source);

    if (spec.namespaced && !(isPlainObject(meta) && meta.namespace)) {
      (decoded as { metadata: Obj }).metadata.namespace = namespace;
      diags.push({
        level: "info",
        code: "namespace-defaulted",
        message: `no metadata.namespace; read as namespace "${DEFAULT_NAMESPACE}", as kubectl apply would without -n`,
        source,
        resource,
      });
    }
    place(bundle, kind, decoded, source, diags, resource);
  }

  sortBundle(bundle);
  bundle.diagnostics = diags;
  return bundle;
}

/** File the decoded object under its kind. */
function place(
  bundle: Bundle,
  kind: string,
  object: unknown,
  source: SourcePos,
  diags: Diagnostic[],
  resource: string,
) {
  // The schemas' outputs are checked against these types at compile time (model/schemas/type-checks.ts).
  const loaded = { object, source } as Loaded<never>;
  switch (kind) {
    case "PodSecurityPolicy": {
      const psp = loaded.object as Bundle["psps"][number]["object"];
      const inert = inertReason(psp);
      bundle.psps.push(inert ? { object: psp, source, inert } : { object: psp, source });
      if (inert) {
        diags.push({
          level: "warning",
          code: "psp-inert",
          message: `admission cannot use this PSP and skips it silently: ${inert}`,
          source,
          resource,
        });
      }
      return;
    }
    case "ClusterRole":
      bundle.clusterRoles.push(loaded);
      return;
    case "Role":
      bundle.roles.push(loaded);
      return;
    case "ClusterRoleBinding":
      bundle.clusterRoleBindings.push(loaded);
      return;
    case "RoleBinding":
      bundle.roleBindings.push(loaded);
      return;
    case "Namespace":
      bundle.namespaces.push(loaded);
      return;
    case "ServiceAccount":
      bundle.serviceAccounts.push(loaded);
      return;
    case "Pod":
      bundle.pods.push(loaded);
      return;
    default:
      if ((WORKLOAD_KINDS as readonly string[]).includes(kind as WorkloadKind)) bundle.workloads.push(loaded);
  }
}

type Sortable = { object: { kind?: string; metadata: { name?: string; namespace?: string } }; source: SourcePos };

function sortKey(l: Sortable): string {
  const m = l.object.metadata;
  return `${l.object.kind ?? ""}\u0000${m.namespace ?? ""}\u0000${m.name ?? ""}`;
}

function bySortKey(a: Sortable, b: Sortable): number {
  return byteOrder(sortKey(a), sortKey(b)) || byteOrder(a.source.file, b.source.file) || a.source.line - b.source.line;
}

/** Deterministic order: by kind, namespace, name (byte order, as Go sorts), then by position. */
function sortBundle(b: Bundle): void {
  for (const list of [
    b.psps,
    b.clusterRoles,
    b.roles,
    b.clusterRoleBindings,
    b.roleBindings,
    b.namespaces,
    b.serviceAccounts,
    b.pods,
    b.workloads,
  ] as Sortable[][]) {
    list.sort(bySortKey);
  }
  b.skipped.sort(
    (x, y) =>
      byteOrder(
        `${x.kind}\u0000${x.namespace ?? ""}\u0000${x.name}`,
        `${y.kind}\u0000${y.namespace ?? ""}\u0000${y.name}`,
      ) ||
      byteOrder(x.source.file, y.source.file) ||
      x.source.line - y.source.line,
  );
}
