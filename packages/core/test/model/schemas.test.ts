import { describe, expect, it } from "vitest";
import { podSchema } from "../../src/model/schemas/core.js";
import { formatPath, issuesToFieldErrors, parsePath } from "../../src/model/schemas/issues.js";
import { clusterRoleSchema, roleBindingSchema } from "../../src/model/schemas/rbac.js";
import { podTemplatePath, workloadSchemas } from "../../src/model/schemas/workloads.js";
import { formatFieldError } from "../../src/psp/field-error.js";

const errorsOf = (
  schema: { safeParse: (v: unknown, p: object) => { success: boolean; error?: unknown } },
  v: unknown,
) => {
  const r = schema.safeParse(v, { reportInput: true });
  return r.success ? [] : issuesToFieldErrors(r.error as never).map(formatFieldError);
};

const pod = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "p", namespace: "ns" },
  spec: { containers: [{ name: "c", image: "nginx" }], ...spec },
  ...extra,
});

describe("field paths", () => {
  it("formats like Kubernetes and parses back", () => {
    const cases: [(string | number)[], string][] = [
      [["spec", "runAsUser", "ranges", 0, "min"], "spec.runAsUser.ranges[0].min"],
      [
        ["metadata", "annotations", "seccomp.security.alpha.kubernetes.io/pod"],
        "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]",
      ],
      [["items", 3], "items[3]"],
    ];
    for (const [segments, text] of cases) {
      expect(formatPath(segments)).toBe(text);
      expect(parsePath(text)).toEqual(segments);
    }
  });
});

describe("Pod schema", () => {
  it("keeps every unknown field, at every level", () => {
    const input = pod(
      { dnsPolicy: "ClusterFirst", containers: [{ name: "c", resources: { limits: { cpu: "1" } } }] },
      { status: { phase: "Running" } },
    );
    const r = podSchema.safeParse(input);
    expect(r.success).toBe(true);
    expect(r.data).toEqual(input);
  });
  it("reports wrong types and missing fields with their paths", () => {
    expect(
      errorsOf(
        podSchema,
        pod({ containers: [{ image: "x", securityContext: { runAsUser: 1.5, privileged: "true" } }], hostPID: 1 }),
      ),
    ).toEqual([
      "spec.hostPID: Invalid value: 1: must be of type boolean, not integer",
      "spec.containers[0].name: Required value",
      'spec.containers[0].securityContext.privileged: Invalid value: "true": must be of type boolean, not string',
      "spec.containers[0].securityContext.runAsUser: Invalid value: 1.5: must be an integer, not number",
    ]);
  });
  it("accepts generateName instead of name, and refuses neither", () => {
    expect(errorsOf(podSchema, { ...pod({}), metadata: { generateName: "web-" } })).toEqual([]);
    expect(errorsOf(podSchema, { ...pod({}), metadata: {} })).toEqual([
      "metadata.name: Required value: name or generateName is required",
    ]);
  });
});

describe("RBAC schemas", () => {
  it("reads aggregationRule selectors", () => {
    const r = clusterRoleSchema.safeParse({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: "admin" },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: "true" } }] },
    });
    expect(r.success).toBe(true);
  });
  it("refuses an unknown subject kind and a missing roleRef", () => {
    expect(
      errorsOf(roleBindingSchema, {
        apiVersion: "rbac.authorization.k8s.io/v1beta1",
        kind: "RoleBinding",
        metadata: { name: "b", namespace: "n" },
        subjects: [{ kind: "Robot", name: "r2" }],
      }),
    ).toEqual([
      'subjects[0].kind: Unsupported value: "Robot": supported values: "User", "Group", "ServiceAccount"',
      "roleRef: Required value",
    ]);
  });
});

describe("workload schemas", () => {
  const template = { spec: { containers: [{ name: "c" }] } };
  it("check the pod template at spec.template", () => {
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { template: { spec: {} } } };
    expect(errorsOf(workloadSchemas.Deployment, d)).toEqual(["spec.template.spec.containers: Required value"]);
    expect(errorsOf(workloadSchemas.Deployment, { ...d, spec: { replicas: 3, template } })).toEqual([]);
    expect(podTemplatePath("Deployment")).toEqual(["spec", "template"]);
  });
  it("check CronJob's template at spec.jobTemplate.spec.template, in batch/v1 and v1beta1", () => {
    const cj = (apiVersion: string, t: unknown) => ({
      apiVersion,
      kind: "CronJob",
      metadata: { name: "c" },
      spec: { schedule: "* * * * *", jobTemplate: { spec: { template: t } } },
    });
    expect(errorsOf(workloadSchemas.CronJob, cj("batch/v1beta1", template))).toEqual([]);
    expect(errorsOf(workloadSchemas.CronJob, cj("batch/v1", { spec: { containers: "x" } }))).toEqual([
      'spec.jobTemplate.spec.template.spec.containers: Invalid value: "x": must be of type array, not string',
    ]);
    expect(errorsOf(workloadSchemas.CronJob, cj("batch/v2", template))[0]).toContain("apiVersion: Invalid value");
    expect(podTemplatePath("CronJob")).toEqual(["spec", "jobTemplate", "spec", "template"]);
  });
});
