/**
 * Test doubles for the converter: a single-policy cluster builder and a hand-written emitter (for the
 * `privileged` concern) so the assembly can be tested independently of the real concern emitters.
 */

import type { ConcernEmitter } from "../../src/emit/concern-emitter.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import { permissiveSpec } from "../fixtures/permissive-psp.js";

/** Every concern open (the shared permissive baseline, test/fixtures/permissive-psp.ts). */
export const openSpec = permissiveSpec;

/** Seccomp is restricted unless the PSP allows every profile (an absent list rejects any profile). */
export const OPEN_ANNOTATIONS: Record<string, string> = {
  "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*",
};

export function psp(
  name: string,
  spec: Record<string, unknown>,
  annotations: Record<string, string> = OPEN_ANNOTATIONS,
) {
  return { apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", metadata: { name, annotations }, spec };
}

/** ClusterRole `psp:<name>` (use) + ClusterRoleBinding to `subjects`. */
export function clusterGrant(pspName: string, subjects: { kind: string; name: string; namespace?: string }[]) {
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: `psp:${pspName}` },
      rules: [{ apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"], resourceNames: [pspName] }],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: `psp:${pspName}` },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `psp:${pspName}` },
      subjects: subjects.map((s) => ({
        apiGroup: s.kind === "ServiceAccount" ? "" : "rbac.authorization.k8s.io",
        ...s,
      })),
    },
  ];
}

/** The ClusterRole of `clusterGrant`, bound in one namespace only (a RoleBinding). */
export function namespaceGrant(
  pspName: string,
  namespace: string,
  subjects: { kind: string; name: string; namespace?: string }[],
) {
  const [role, binding] = clusterGrant(pspName, subjects);
  return [role, { ...binding, kind: "RoleBinding", metadata: { name: `use-${pspName}`, namespace } }];
}

export const EVERY_POD = [
  { kind: "Group", name: "system:serviceaccounts" },
  { kind: "Group", name: "system:authenticated" },
];

/** One PSP granted to every pod. */
export function singlePolicyBundle(spec: Record<string, unknown>, name = "only"): Bundle {
  return bundleFromObjects([psp(name, spec), ...clusterGrant(name, EVERY_POD)]);
}

const CEL = `variables:
- name: containers
  expression: |
    (has(variables.anyObject.spec.initContainers) ? variables.anyObject.spec.initContainers : []) +
    (has(variables.anyObject.spec.containers) ? variables.anyObject.spec.containers : [])
- name: privileged
  expression: |
    variables.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged).map(c, c.name)
validations:
- expression: size(variables.privileged) == 0
  messageExpression: '"Privileged containers are not allowed: " + variables.privileged.join(", ")'
`;

const REGO = `package psp2gktestprivileged

containers[c] { c := input.review.object.spec.initContainers[_] }
containers[c] { c := input.review.object.spec.containers[_] }

privileged[c.name] { c := containers[_]; c.securityContext.privileged }

violation[{"msg": msg}] {
  count(privileged) > 0
  msg := sprintf("Privileged containers are not allowed: %v", [concat(", ", privileged)])
}
`;

/** A privileged-concern emitter: constraint when `privileged` is false; a readOnlyRootFilesystem-style test mutator. */
export const fakePrivileged: ConcernEmitter = {
  concern: "privileged",
  template: {
    kind: "Psp2gkTestPrivileged",
    description: "Test double: refuses privileged containers.",
    parametersSchema: { type: "object", properties: { note: { type: "string" } } },
    cel: CEL,
    rego: REGO,
    regoLibs: ["package lib.psp2gk.test\n\nx := 1\n"],
  },
  parameters: (p) => (p.spec.privileged === true ? null : ({ note: "b", a: 1 } as Record<string, unknown>)),
  mutators: (p, scope) => ({
    mutators:
      p.spec.privileged === true
        ? []
        : [
            {
              apiVersion: "mutations.gatekeeper.sh/v1",
              kind: "Assign",
              metadata: { name: `${scope.namePrefix}-privileged-default` },
              spec: {
                applyTo: [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }],
                match: scope.match,
                location: "spec.containers[name: *].securityContext.privileged",
                parameters: {
                  pathTests: [
                    { subPath: "spec.containers[name: *].securityContext.privileged", condition: "MustNotExist" },
                  ],
                  assign: { value: false },
                },
              },
            },
          ],
    findings: [],
  }),
  findings: () => [{ code: "test-finding", level: "info", message: "from the test emitter", concern: "privileged" }],
};
