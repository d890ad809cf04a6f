/** Who creates a pod (requester.ts) and which pod a workload's controller creates (workloads.ts). */
import { describe, expect, it } from "vitest";
import type { Workload } from "../../src/model/k8s-types.js";
import { controllerOwner, DEFAULT_REQUESTER, requesterOf, workloadRequesterOf } from "../../src/verify/requester.js";
import { podFromWorkload } from "../../src/verify/workloads.js";

const CONTROLLER_GROUPS = ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"];

describe("requesterOf", () => {
  it.each([
    ["ReplicaSet", "replicaset-controller"],
    ["DaemonSet", "daemon-set-controller"],
    ["StatefulSet", "statefulset-controller"],
    ["Job", "job-controller"],
    ["ReplicationController", "replication-controller"],
  ])("an owner %s: the %s service account of kube-system", (kind, controller) => {
    const r = requesterOf([{ kind, name: "x", controller: true }], { user: "alice", groups: ["devs"] });
    expect(r.identity).toEqual({ user: `system:serviceaccount:kube-system:${controller}`, groups: CONTROLLER_GROUPS });
    expect(r.reason).toContain(`owner ${kind}/x`);
  });

  it("a bare pod without --as: the default requester, system:authenticated only", () => {
    const r = requesterOf(undefined);
    expect(r.identity).toEqual({ user: DEFAULT_REQUESTER.user, groups: ["system:authenticated"] });
    expect(r.reason).toMatch(/default requester/);
  });

  it("a bare pod with --as: that user and groups, system:authenticated added", () => {
    const r = requesterOf([], { user: "ci-bot", groups: ["deployers"] });
    expect(r.identity).toEqual({ user: "ci-bot", groups: ["deployers", "system:authenticated"] });
    expect(r.reason).toBe("--as");
  });

  it("a mirror pod (owner Node): the node's kubelet", () => {
    const r = requesterOf([{ kind: "Node", name: "n1", controller: true }]);
    expect(r.identity).toEqual({ user: "system:node:n1", groups: ["system:nodes", "system:authenticated"] });
  });

  it("an owner of an unknown kind: --as, and the reason says why", () => {
    const r = requesterOf([{ kind: "Rollout", name: "r", controller: true }], { user: "op", groups: [] });
    expect(r.identity.user).toBe("op");
    expect(r.reason).toMatch(/Rollout\/r has no known controller identity/);
  });

  it("the controlling owner wins over the first one", () => {
    expect(
      controllerOwner([
        { kind: "ConfigMap", name: "a" },
        { kind: "Job", name: "b", controller: true },
      ]),
    ).toEqual({ kind: "Job", name: "b", controller: true });
    expect(controllerOwner([{ kind: "ConfigMap", name: "a" }])?.kind).toBe("ConfigMap");
    expect(controllerOwner([{ name: "no-kind" }])).toBeUndefined();
  });
});

describe("fromAs: is the requester psp2gk's guess (--as or the default)?", () => {
  it("controllers and kubelets are known; bare pods and unknown owners are not", () => {
    expect(requesterOf([{ kind: "ReplicaSet", name: "r", controller: true }]).fromAs).toBe(false);
    expect(requesterOf([{ kind: "Node", name: "n", controller: true }]).fromAs).toBe(false);
    expect(requesterOf(undefined).fromAs).toBe(true);
    expect(requesterOf([{ kind: "Rollout", name: "r" }], { user: "op", groups: [] }).fromAs).toBe(true);
  });
});

describe("workloadRequesterOf (who sends a workload's own CREATE)", () => {
  it.each([
    ["Deployment", "deployment-controller"],
    ["CronJob", "cronjob-controller"],
  ])("owned by a %s: the %s service account of kube-system", (kind, controller) => {
    const r = workloadRequesterOf([{ kind, name: "w", controller: true }], { user: "alice", groups: [] });
    expect(r.identity).toEqual({ user: `system:serviceaccount:kube-system:${controller}`, groups: CONTROLLER_GROUPS });
    expect(r.fromAs).toBe(false);
  });

  it("without owner: whoever applies it, --as or the default requester", () => {
    expect(workloadRequesterOf(undefined, { user: "ci", groups: ["d"] })).toEqual({
      identity: { user: "ci", groups: ["d", "system:authenticated"] },
      reason: "--as",
      fromAs: true,
    });
    expect(workloadRequesterOf([]).identity.user).toBe(DEFAULT_REQUESTER.user);
  });

  it("an owner of another kind (an operator): --as, and the reason says why", () => {
    const r = workloadRequesterOf([{ kind: "Rollout", name: "r", controller: true }]);
    expect(r.reason).toMatch(/owner Rollout\/r has no known controller identity/);
    expect(r.fromAs).toBe(true);
  });
});

const deployment: Workload = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "shop", labels: { tier: "front" } },
  spec: {
    template: {
      metadata: { labels: { app: "web" }, annotations: { a: "b" }, name: "ignored" },
      spec: { serviceAccountName: "builder", containers: [{ name: "web", image: "x" }] },
    },
  },
};

describe("podFromWorkload", () => {
  it("template labels, annotations and spec, in the workload's namespace, owned by its ReplicaSet", () => {
    const pod = podFromWorkload(deployment);
    expect(pod.metadata.namespace).toBe("shop");
    expect(pod.metadata.labels).toEqual({ app: "web" });
    expect(pod.metadata.annotations).toEqual({ a: "b" });
    expect(pod.metadata.name).toMatch(/^web-[0-9a-z]{5}$/);
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: "v1", kind: "ReplicaSet", name: "web", controller: true },
    ]);
    expect(pod.spec.serviceAccountName).toBe("builder");
  });

  it("is deterministic and does not share the workload's objects", () => {
    const a = podFromWorkload(deployment);
    const b = podFromWorkload(deployment);
    expect(a).toEqual(b);
    const [first] = a.spec.containers;
    if (first) first.image = "changed";
    expect((deployment.spec.template as { spec: { containers: { image: string }[] } }).spec.containers[0]?.image).toBe(
      "x",
    );
  });

  it("a CronJob: the job template's pod template, owned by a Job; no namespace means default", () => {
    const pod = podFromWorkload({
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly" },
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: "c" }] } } } } },
    });
    expect(pod.metadata.namespace).toBe("default");
    expect(pod.spec.containers.map((c) => c.name)).toEqual(["c"]);
    expect(pod.metadata.ownerReferences).toEqual([
      { apiVersion: "v1", kind: "Job", name: "nightly", controller: true },
    ]);
  });

  it("a workload without a template: a pod with no containers (PSP and Gatekeeper see it as written)", () => {
    const pod = podFromWorkload({ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "d" }, spec: {} });
    expect(pod.spec.containers).toEqual([]);
  });
});
