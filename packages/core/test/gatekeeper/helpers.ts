/** Small builders for hand-written Gatekeeper objects used across the simulator tests. */

export function template(kind: string, source: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "templates.gatekeeper.sh/v1",
    kind: "ConstraintTemplate",
    metadata: { name: kind.toLowerCase() },
    spec: {
      crd: { spec: { names: { kind } } },
      targets: [{ target: "admission.k8s.gatekeeper.sh", code: [{ engine: "K8sNativeValidation", source }] }],
    },
  };
}

export function constraint(kind: string, name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "constraints.gatekeeper.sh/v1beta1", kind, metadata: { name }, spec };
}

export function pod(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "apps", ...metadata }, spec };
}

export function namespace(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

const POD_APPLY_TO = [{ groups: [""], versions: ["v1"], kinds: ["Pod"] }];

export function assign(name: string, location: string, parameters: Record<string, unknown>, extra = {}) {
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "Assign",
    metadata: { name },
    spec: { applyTo: POD_APPLY_TO, location, parameters, ...extra },
  };
}

export function modifySet(name: string, location: string, parameters: Record<string, unknown>, extra = {}) {
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "ModifySet",
    metadata: { name },
    spec: { applyTo: POD_APPLY_TO, location, parameters, ...extra },
  };
}

export function assignMetadata(name: string, location: string, value: unknown, extra = {}) {
  return {
    apiVersion: "mutations.gatekeeper.sh/v1",
    kind: "AssignMetadata",
    metadata: { name },
    spec: { location, parameters: { assign: { value } }, ...extra },
  };
}
