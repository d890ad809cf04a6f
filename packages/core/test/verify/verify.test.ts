/**
 * verifyPods on golden/h-single-restricted (one `restricted` PSP for every pod, converts today) with
 * the pods of fixtures/h-pods.yaml, one per class; RBAC and requesters; a converted directory read back.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convert } from "../../src/convert/convert.js";
import { outputFiles } from "../../src/emit/layout.js";
import { bundleFromObjects, loadInputs } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import { readConvertedOutput } from "../../src/verify/converted.js";
import { type PodVerdict, type VerifyResult, verifyPods } from "../../src/verify/verify.js";
import { REPO_ROOT } from "../cases/read-cases.js";

const CLUSTER = join(REPO_ROOT, "golden/h-single-restricted/input");
const PODS = join(REPO_ROOT, "packages/core/test/verify/fixtures/h-pods.yaml");

let cluster: Bundle;
let extra: Bundle;
let result: VerifyResult;
const verdict = (r: VerifyResult, object: string): PodVerdict => {
  const v = r.pods.find((p) => p.object === object);
  if (!v) throw new Error(`${object} not verified; got ${r.pods.map((p) => p.object).join(", ")}`);
  return v;
};

beforeAll(async () => {
  cluster = await loadInputs([CLUSTER]);
  extra = await loadInputs([PODS]);
  expect(cluster.diagnostics.filter((d) => d.level === "error")).toEqual([]);
  expect(extra.diagnostics.filter((d) => d.level === "error")).toEqual([]);
  result = verifyPods(cluster, { extra });
});

describe("verifyPods on the restricted cluster", () => {
  it("replays every pod and workload of both inputs, sorted, with counts that add up", () => {
    expect(result.status).toBe("verified");
    expect(result.policies).toBe("in-memory");
    expect(result.pods.map((p) => p.object)).toEqual([
      "CronJob/shop/report",
      "Deployment/shop/web",
      "Pod/default/bare",
      "Pod/gatekeeper-system/debug",
      "Pod/shop/checkout-7d9f",
      "Pod/shop/privileged",
      "Pod/shop/web-5d8f7-abcde",
      "StatefulSet/shop/db",
    ]);
    expect(result.counts).toEqual({
      pods: 8,
      agree: 3,
      securityRegressions: 1,
      availabilityRegressions: 3,
      mutationDifferences: 1,
      unexplained: 0,
      pspChanged: 0,
      reliedOnMutation: 1,
    });
  });

  it("a workload admitted by both after defaulting agrees; its pod is created by the replicaset-controller", () => {
    const web = verdict(result, "Deployment/shop/web");
    expect(web.kind).toBe("agree");
    expect(web.psp).toMatchObject({ allowed: true, psp: "restricted" });
    expect(web.psp.mutations.length).toBeGreaterThan(0);
    expect(web.gatekeeper.allowed).toBe(true);
    expect(web.gatekeeper.mutators.length).toBeGreaterThan(0);
    expect(web.requester.user).toBe("system:serviceaccount:kube-system:replicaset-controller");
    expect(web.serviceAccount).toBe("default");
    expect(web.serviceAccountAdmission.join()).toMatch(/projected volume kube-api-access-/);
  });

  it("a pod both deny agrees, with the reasons of both", () => {
    const p = verdict(result, "Pod/shop/privileged");
    expect(p.kind).toBe("agree");
    expect(p.psp.allowed).toBe(false);
    expect(p.psp.message).toMatch(/Privileged containers are not allowed/);
    expect(p.gatekeeper.allowed).toBe(false);
    expect(p.gatekeeper.reasons.join()).toMatch(/^Psp2gkPrivileged\//);
  });

  it("availability regression: no AppArmor annotation, explained by apparmor-default-not-applied", () => {
    for (const object of ["CronJob/shop/report", "Pod/default/bare", "Pod/shop/checkout-7d9f"]) {
      const p = verdict(result, object);
      expect(p.kind, object).toBe("availability-regression");
      expect(p.differences[0]?.explainedBy?.code, object).toBe("apparmor-default-not-applied");
    }
    expect(verdict(result, "CronJob/shop/report").requester.user).toBe(
      "system:serviceaccount:kube-system:job-controller",
    );
  });

  it("mutation difference: runAsNonRoot written at pod level, explained by mutation-wider-than-psp", () => {
    const db = verdict(result, "StatefulSet/shop/db");
    expect(db.kind).toBe("mutation-difference");
    expect(db.differences.map((d) => [d.description, d.explainedBy?.code])).toEqual([
      ["containers[0].runAsNonRoot: null ≠ true", "mutation-wider-than-psp"],
    ]);
  });

  it("security regression: the exempt gatekeeper-system namespace, explained by exempt-namespace", () => {
    const debug = verdict(result, "Pod/gatekeeper-system/debug");
    expect(debug.kind).toBe("security-regression");
    expect(debug.psp.allowed).toBe(false);
    expect(debug.differences[0]?.explainedBy?.code).toBe("exempt-namespace");
  });

  it("a stored pod with kubernetes.io/psp: still chosen, relied on mutation (its Deployment's template lacks the defaults)", () => {
    const stored = verdict(result, "Pod/shop/web-5d8f7-abcde");
    expect(stored.kind).toBe("agree");
    expect(stored.serviceAccountAdmission).toEqual([]);
    expect(stored.pspAnnotation).toMatchObject({
      annotated: "restricted",
      chosenNow: "restricted",
      stillChosen: true,
      replayedFrom: "Deployment/web",
      reliedOnMutation: true,
    });
    expect(stored.pspAnnotation?.mutationEvidence).toContain("fsGroup: null ≠ 1");
    // Workloads and pods without the annotation get no such check.
    expect(verdict(result, "Pod/default/bare").pspAnnotation).toBeUndefined();
  });
});

describe("requesters and RBAC", () => {
  // The same PSP granted only to the group `deployers`: neither service accounts nor controllers may use it.
  const onlyDeployers = (b: Bundle): Bundle => {
    const objects = [
      ...b.psps.map((p) => p.object),
      ...b.clusterRoles.map((r) => r.object),
      ...b.namespaces.map((n) => n.object),
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "ClusterRoleBinding",
        metadata: { name: "deployers" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "psp:restricted" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "deployers" }],
      },
      ...b.pods.map((p) => p.object),
    ];
    return bundleFromObjects(objects);
  };

  it("a bare pod is admitted by PSP only when --as carries the granted group; the verdict follows", () => {
    const converted = convert(cluster);
    const rbacCluster = onlyDeployers(cluster);
    const without = verifyPods(rbacCluster, { converted });
    const bare = verdict(without, "Pod/default/bare");
    expect(bare.psp.allowed).toBe(false);
    expect(bare.requester).toEqual({
      user: "psp2gk-verify",
      groups: ["system:authenticated"],
      reason: "default requester (no owner; --as sets it)",
    });
    const withAs = verifyPods(rbacCluster, { converted, as: { user: "ci", groups: ["deployers"] } });
    expect(verdict(withAs, "Pod/default/bare").psp).toMatchObject({ allowed: true, psp: "restricted" });
  });

  it("--as does not change who creates workload pods", () => {
    const converted = convert(cluster);
    const r = verifyPods(onlyDeployers(cluster), { converted, extra, as: { user: "ci", groups: ["deployers"] } });
    const web = verdict(r, "Deployment/shop/web");
    expect(web.requester.user).toBe("system:serviceaccount:kube-system:replicaset-controller");
    expect(web.psp.allowed).toBe(false);
    // Gatekeeper admits what PSP's RBAC refuses: the converted policies do not model this cluster's grants.
    expect(web.kind).toBe("security-regression");
  });

  it("a stale kubernetes.io/psp: the named PSP is no longer the one chosen, reliance unknown without the owner", () => {
    const pod = structuredClone(cluster.pods[0]?.object);
    if (!pod) throw new Error("no pod");
    pod.metadata.annotations = { "kubernetes.io/psp": "deleted-psp" };
    const r = verifyPods(
      bundleFromObjects([
        ...cluster.psps.map((p) => p.object),
        ...cluster.clusterRoles.map((c) => c.object),
        ...cluster.clusterRoleBindings.map((c) => c.object),
        pod,
      ]),
    );
    const check = r.pods[0]?.pspAnnotation;
    expect(check).toMatchObject({
      annotated: "deleted-psp",
      chosenNow: "restricted",
      stillChosen: false,
      replayedFrom: "the stored pod",
      reliedOnMutation: null,
    });
    // Nobody may use a PSP that does not exist: no requester grant to hint at.
    expect(check?.requesterGrants).toBeUndefined();
    expect(r.counts.pspChanged).toBe(1);
  });
});

describe("inputs and policies", () => {
  it("the same verdicts from the files convert -o writes, read back", () => {
    const files = Object.entries(outputFiles(convert(cluster))).map(([path, text]) => ({ path, text }));
    const fromDir = verifyPods(cluster, { extra, converted: readConvertedOutput(files) });
    expect(fromDir.policies).toBe("converted");
    expect(fromDir.pods.map((p) => [p.object, p.kind, p.differences.map((d) => d.explainedBy?.code)])).toEqual(
      result.pods.map((p) => [p.object, p.kind, p.differences.map((d) => d.explainedBy?.code)]),
    );
  });

  it("without report.json the differences are unexplained, and the result says why", () => {
    const files = Object.entries(outputFiles(convert(cluster)))
      .filter(([path]) => path !== "report.json")
      .map(([path, text]) => ({ path, text }));
    const r = verifyPods(cluster, { converted: readConvertedOutput(files) });
    expect(r.counts.availabilityRegressions).toBe(2);
    expect(r.counts.unexplained).toBe(2);
    expect(r.notes).toContain("no report.json: differences are listed without the findings that explain them");
  });

  it("a refused conversion: nothing converted, with the error findings", () => {
    const r = verifyPods(cluster, { convertOptions: { emitters: {} } });
    expect(r.status).toBe("nothing-converted");
    expect(r.pods).toEqual([]);
    expect(r.refusal.length).toBeGreaterThan(0);
    expect(r.refusal.every((f) => f.level === "error")).toBe(true);
    expect(r.refusal.map((f) => f.code)).toContain("concern-not-emitted");
  });

  it("a ReplicaSet with its Deployment's template is not replayed twice; an older revision is", () => {
    const deployment = extra.workloads.find((w) => w.object.kind === "Deployment")?.object;
    if (!deployment) throw new Error("no Deployment");
    const rs = (name: string, image: string) => {
      const copy = structuredClone(deployment) as unknown as Record<string, unknown> & {
        spec: { template: { metadata: { labels: Record<string, string> }; spec: { containers: { image: string }[] } } };
      };
      copy.kind = "ReplicaSet";
      copy.metadata = {
        name,
        namespace: "shop",
        ownerReferences: [{ kind: "Deployment", name: "web", controller: true }],
      };
      copy.spec.template.metadata.labels["pod-template-hash"] = name.slice(4);
      (copy.spec.template.spec.containers[0] as { image: string }).image = image;
      return copy;
    };
    const current = rs("web-aaaaa", "registry.example.com/web:1.0");
    const old = rs("web-bbbbb", "registry.example.com/web:0.9");
    const r = verifyPods(
      bundleFromObjects([
        ...cluster.psps.map((p) => p.object),
        ...cluster.clusterRoles.map((c) => c.object),
        ...cluster.clusterRoleBindings.map((c) => c.object),
        deployment,
        current,
        old,
      ]),
    );
    expect(r.pods.map((p) => p.object)).toEqual(["Deployment/shop/web", "ReplicaSet/shop/web-bbbbb"]);
    expect(r.notes.join()).toMatch(/1 ReplicaSet\(s\)\/Job\(s\) skipped/);
  });

  it("reports progress once per pod", () => {
    const calls: [number, number][] = [];
    verifyPods(cluster, { extra, onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toHaveLength(8);
    expect(calls.at(-1)).toEqual([8, 8]);
  });

  it("no pod at all: verified, with a note", () => {
    const r = verifyPods(
      bundleFromObjects([
        ...cluster.psps.map((p) => p.object),
        ...cluster.clusterRoles.map((c) => c.object),
        ...cluster.clusterRoleBindings.map((c) => c.object),
      ]),
    );
    expect(r.status).toBe("verified");
    expect(r.counts.pods).toBe(0);
    expect(r.notes).toContain("no Pod or workload in the input: nothing was replayed");
  });
});

describe("the same object read twice", () => {
  it("is verified once, silently, when it is the same file position (a directory given with -f and --pods)", () => {
    const twice = verifyPods(cluster, { extra: { pods: [...extra.pods, ...extra.pods], workloads: extra.workloads } });
    expect(twice.pods.map((p) => p.object)).toEqual(result.pods.map((p) => p.object));
    expect(twice.notes.filter((n) => n.includes("given twice"))).toEqual([]);
  });

  it("is verified once with a note when two different sources define it", () => {
    const first = extra.pods[0];
    if (!first) throw new Error("fixture has pods");
    const copy = { ...first, source: { file: "elsewhere.yaml", line: 1, col: 1 } };
    const r = verifyPods(cluster, { extra: { pods: [...extra.pods, copy], workloads: extra.workloads } });
    expect(r.notes.filter((n) => n.includes("given twice"))).toHaveLength(1);
  });
});
