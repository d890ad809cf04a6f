/** loadInputs / buildBundle / bundleFromObjects on realistic input, directories and stdin. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { bundleFromObjects, loadInputs } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";

const DUMP = fileURLToPath(new URL("./fixtures/kubectl-dump.yaml", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "psp2gk-load-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const names = (xs: { object: { metadata: { name?: string } } }[]) => xs.map((x) => x.object.metadata.name);
const codes = (b: Bundle) => b.diagnostics.map((d) => d.code);

const nsYaml = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const PSP = (name: string, extra = "") =>
  `apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: ${name}\nspec:\n  runAsUser: {rule: RunAsAny}\n  seLinux: {rule: RunAsAny}\n  fsGroup: {rule: RunAsAny}\n  supplementalGroups: {rule: RunAsAny}\n${extra}`;

describe("a kubectl get psp,clusterrole,clusterrolebinding,rolebinding -A -o yaml dump", async () => {
  const b = await loadInputs([DUMP]);
  it("loads every object, typed and sorted, with no diagnostics", () => {
    expect(b.diagnostics).toEqual([]);
    expect(names(b.psps)).toEqual(["privileged", "restricted"]);
    expect(names(b.clusterRoles)).toEqual(["admin", "psp:restricted"]);
    expect(names(b.clusterRoleBindings)).toEqual(["psp:restricted:all-serviceaccounts"]);
    expect(names(b.roleBindings)).toEqual(["psp:privileged"]);
    expect(b.skipped).toEqual([]);
  });
  it("positions each List item at its own line", () => {
    expect(b.psps.map((p) => p.source)).toEqual([
      { file: DUMP, line: 50, col: 3 },
      { file: DUMP, line: 3, col: 3 },
    ]);
  });
  it("applies API defaulting and keeps managedFields, uid and other unknown fields", () => {
    const restricted = b.psps[1]?.object;
    expect(restricted?.spec.allowPrivilegeEscalation).toBe(false);
    expect(b.psps[0]?.object.spec.allowPrivilegeEscalation).toBe(true);
    expect(restricted?.metadata.uid).toBe("5f0c1b9e-0000-4000-8000-000000000001");
    expect(Array.isArray(restricted?.metadata.managedFields)).toBe(true);
  });
  it("reads `rules: null` of an aggregated ClusterRole as no rules", () => {
    const admin = b.clusterRoles[0]?.object;
    expect(admin?.rules).toBeUndefined();
    expect(admin?.aggregationRule?.clusterRoleSelectors).toHaveLength(1);
  });
});

describe("directories and stdin", () => {
  const dir = join(tmp, "tree");
  mkdirSync(join(dir, "b"), { recursive: true });
  mkdirSync(join(dir, ".git"), { recursive: true });
  writeFileSync(join(dir, "b", "z.yml"), nsYaml("from-b-z"));
  writeFileSync(
    join(dir, "a.json"),
    JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "from-a" } }),
  );
  writeFileSync(join(dir, "notes.txt"), "not: read");
  writeFileSync(join(dir, ".hidden.yaml"), nsYaml("hidden"));
  writeFileSync(join(dir, ".git", "x.yaml"), nsYaml("git"));

  it("reads *.yaml, *.yml, *.json recursively, skipping dot-entries and other extensions", async () => {
    const b = await loadInputs([dir]);
    expect(b.diagnostics).toEqual([]);
    expect(names(b.namespaces)).toEqual(["from-a", "from-b-z"]);
    expect(b.namespaces.map((n) => n.source.file)).toEqual([join(dir, "a.json"), join(dir, "b", "z.yml")]);
  });
  it("reads a file given twice (or inside a given directory) once", async () => {
    const b = await loadInputs([dir, join(dir, "a.json")]);
    expect(codes(b)).toEqual([]);
    expect(b.namespaces).toHaveLength(2);
  });
  it("reads `-` from stdin, once, as <stdin>", async () => {
    let calls = 0;
    const readStdin = async () => {
      calls++;
      return nsYaml("piped");
    };
    const b = await loadInputs(["-", "-"], { readStdin });
    expect(calls).toBe(1);
    expect(b.namespaces.map((n) => [n.object.metadata.name, n.source])).toEqual([
      ["piped", { file: "<stdin>", line: 1, col: 1 }],
    ]);
  });
  it("gives the same bundle whatever the order of the inputs", async () => {
    const f1 = join(tmp, "order1.yaml");
    const f2 = join(tmp, "order2.yaml");
    writeFileSync(f1, `${PSP("b")}---\n${nsYaml("y")}`);
    writeFileSync(f2, `${nsYaml("x")}---\n${PSP("a")}`);
    const one = await loadInputs([f1, f2]);
    const two = await loadInputs([f2, f1]);
    expect(names(one.psps)).toEqual(["a", "b"]);
    expect(names(two.psps)).toEqual(names(one.psps));
    expect(names(two.namespaces)).toEqual(names(one.namespaces));
  });
});

describe("buildBundle rules", () => {
  it("refuses a duplicate (same kind/namespace/name, any PSP apiVersion), naming both positions", () => {
    const f = join(tmp, "dup.yaml");
    writeFileSync(f, `${PSP("same")}---\n${PSP("same").replace("policy/v1beta1", "extensions/v1beta1")}`);
    return loadInputs([f]).then((b) => {
      expect(b.psps).toHaveLength(1);
      expect(b.diagnostics).toEqual([
        {
          level: "error",
          code: "object-duplicate",
          message: `defined twice: here and at ${f}:1:1; only the first is used`,
          source: { file: f, line: 11, col: 1 },
          resource: "PodSecurityPolicy/same",
        },
      ]);
    });
  });
  it("reads namespaced objects without a namespace as namespace default, and says so", () => {
    const b = bundleFromObjects([
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa" } },
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "sa", namespace: "default" } },
    ]);
    expect(b.serviceAccounts).toHaveLength(1);
    expect(b.serviceAccounts[0]?.object.metadata.namespace).toBe("default");
    expect(codes(b)).toEqual(["namespace-defaulted", "object-duplicate"]);
  });
  it("counts other kinds as skipped, and skips known kinds of unknown apiVersions with a warning", () => {
    const b = bundleFromObjects([
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "n" } },
      { apiVersion: "rbac.authorization.k8s.io/v1alpha1", kind: "Role", metadata: { name: "r", namespace: "n" } },
      { apiVersion: "v1", kind: "constructor", metadata: { name: "proto", namespace: "n" } },
    ]);
    expect(b.skipped.map((s) => `${s.kind}/${s.namespace}/${s.name}`)).toEqual([
      "ConfigMap/n/cm",
      "Role/n/r",
      "constructor/n/proto",
    ]);
    expect(b.diagnostics.map((d) => [d.level, d.code])).toEqual([["warning", "unsupported-api-version"]]);
  });
  it("marks an inert PSP and warns (runAsUser MustRunAs without ranges: valid, but admission skips it)", () => {
    const b = bundleFromObjects([
      {
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: { name: "inert" },
        spec: {
          runAsUser: { rule: "MustRunAs" },
          seLinux: { rule: "RunAsAny" },
          fsGroup: { rule: "RunAsAny" },
          supplementalGroups: { rule: "RunAsAny" },
        },
      },
    ]);
    expect(b.psps[0]?.inert).toBeTruthy();
    expect(b.diagnostics).toMatchObject([{ level: "warning", code: "psp-inert", resource: "PodSecurityPolicy/inert" }]);
  });
  it("sorts workloads by kind, namespace, name and reads every workload kind", () => {
    const tpl = { spec: { containers: [{ name: "c" }] } };
    const w = (kind: string, apiVersion: string, ns: string, name: string, spec: object = { template: tpl }) => ({
      apiVersion,
      kind,
      metadata: { name, namespace: ns },
      spec,
    });
    const b = bundleFromObjects([
      w("StatefulSet", "apps/v1", "a", "s"),
      w("Deployment", "apps/v1", "b", "d1"),
      w("Deployment", "apps/v1", "a", "d2"),
      w("CronJob", "batch/v1beta1", "a", "cj", { jobTemplate: { spec: { template: tpl } } }),
      w("Job", "batch/v1", "a", "j"),
      w("DaemonSet", "apps/v1", "a", "ds"),
      w("ReplicaSet", "apps/v1", "a", "rs"),
    ]);
    expect(b.diagnostics).toEqual([]);
    expect(b.workloads.map((x) => `${x.object.kind}/${x.object.metadata.namespace}/${x.object.metadata.name}`)).toEqual(
      [
        "CronJob/a/cj",
        "DaemonSet/a/ds",
        "Deployment/a/d2",
        "Deployment/b/d1",
        "Job/a/j",
        "ReplicaSet/a/rs",
        "StatefulSet/a/s",
      ],
    );
  });
  it("points a schema error at the exact line of the bad field", async () => {
    const f = join(tmp, "badpod.yaml");
    writeFileSync(
      f,
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: n\nspec:\n  containers:\n  - name: c\n    securityContext:\n      runAsUser: root\n",
    );
    const b = await loadInputs([f]);
    expect(b.pods).toEqual([]);
    expect(b.diagnostics).toEqual([
      {
        level: "error",
        code: "object-invalid",
        message: 'Invalid value: "root": must be of type number, not string',
        source: { file: f, line: 10, col: 18 },
        resource: "Pod/n/p",
        path: "spec.containers[0].securityContext.runAsUser",
      },
    ]);
  });
});
