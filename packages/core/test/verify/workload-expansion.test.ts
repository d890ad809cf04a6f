/**
 * Workloads reviewed themselves through Gatekeeper's expansion (workload-review.ts), next to the PSP
 * engine's decision for their pods: golden/h-single-restricted converted with the ExpansionTemplates
 * `convert --workloads` adds, with the workloads of fixtures/h-pods.yaml and a few more made here.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ConversionResult, convert } from "../../src/convert/convert.js";
import { EXPAND_CRONJOBS, EXPAND_WORKLOADS, workloadExpansionTemplates } from "../../src/emit/expansion.js";
import { outputFiles } from "../../src/emit/layout.js";
import { bundleFromObjects, loadInputs } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import { readConvertedOutput } from "../../src/verify/converted.js";
import { type PodVerdict, type VerifyResult, verifyPods } from "../../src/verify/verify.js";
import { REPO_ROOT } from "../cases/read-cases.js";

const CLUSTER = join(REPO_ROOT, "golden/h-single-restricted/input");
const PODS = join(REPO_ROOT, "packages/core/test/verify/fixtures/h-pods.yaml");
const APPARMOR = "container.apparmor.security.beta.kubernetes.io";

/** A Deployment of one container `app`, with the AppArmor annotation `restricted` requires. */
function deployment(namespace: string, name: string, securityContext: Record<string, unknown> = {}) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations: { [`${APPARMOR}/app`]: "runtime/default" } },
        spec: { containers: [{ name: "app", image: "registry.example.com/app:1", securityContext }] },
      },
    },
  };
}

let cluster: Bundle;
let extra: Bundle;
let converted: ConversionResult;
let result: VerifyResult;

const verdict = (r: VerifyResult, object: string): PodVerdict => {
  const v = r.pods.find((p) => p.object === object);
  if (!v) throw new Error(`${object} not verified; got ${r.pods.map((p) => p.object).join(", ")}`);
  return v;
};

beforeAll(async () => {
  cluster = await loadInputs([CLUSTER]);
  const fixture = await loadInputs([PODS]);
  extra = bundleFromObjects([
    ...fixture.pods.map((p) => p.object),
    ...fixture.workloads.map((w) => w.object),
    // PSP denies its pod, and so does the mock pod's constraint.
    deployment("shop", "root-shell", { privileged: true }),
    // The exempt namespace: Gatekeeper reviews neither the workload nor its pods.
    deployment("gatekeeper-system", "debug", { privileged: true }),
  ]);
  converted = { ...convert(cluster), expansionTemplates: workloadExpansionTemplates() };
  result = verifyPods(cluster, { extra, converted });
});

describe("workloads through the ExpansionTemplates", () => {
  it("every workload is reviewed, pods are not; the counts add up", () => {
    const reviewed = result.pods.filter((p) => p.workload).map((p) => p.object);
    expect(reviewed).toEqual([
      "CronJob/shop/report",
      "Deployment/gatekeeper-system/debug",
      "Deployment/shop/root-shell",
      "Deployment/shop/web",
      "StatefulSet/shop/db",
    ]);
    expect(result.counts.workloads).toEqual({
      reviewed: 5,
      agree: 3,
      securityRegressions: 1,
      availabilityRegressions: 1,
      unexplained: 0,
    });
    expect(result.notes).toEqual([]);
  });

  it("a workload both admit agrees; its requester is whoever applies it, not the controller", () => {
    const web = verdict(result, "Deployment/shop/web");
    expect(web.psp.allowed).toBe(true);
    expect(web.workload).toMatchObject({
      allowed: true,
      expandedBy: [EXPAND_WORKLOADS],
      reasons: [],
      kind: "agree",
      differences: [],
    });
    expect(web.workload?.requester).toEqual({
      user: "psp2gk-verify",
      groups: ["system:authenticated"],
      reason: "default requester (--as sets it)",
    });
    expect(web.requester.user).toBe("system:serviceaccount:kube-system:replicaset-controller");
  });

  it("a workload whose pod PSP denies is rejected with the mock pod's violation: agree", () => {
    const root = verdict(result, "Deployment/shop/root-shell");
    expect(root.psp.allowed).toBe(false);
    expect(root.workload?.allowed).toBe(false);
    expect(root.workload?.kind).toBe("agree");
    expect(root.workload?.reasons.join("\n")).toMatch(
      new RegExp(`^Psp2gkPrivileged/[^:]+: \\[Implied by ${EXPAND_WORKLOADS}\\] `),
    );
  });

  it("a CronJob: rejected through the cronjob template; the pod's availability regression, explained alike", () => {
    const report = verdict(result, "CronJob/shop/report");
    expect(report.kind).toBe("availability-regression");
    const w = report.workload;
    expect(w?.expandedBy).toEqual([EXPAND_CRONJOBS]);
    expect(w?.kind).toBe("availability-regression");
    expect(w?.reasons.join()).toContain(`[Implied by ${EXPAND_CRONJOBS}]`);
    expect(w?.differences.map((d) => d.explainedBy?.code)).toEqual(["apparmor-default-not-applied"]);
    expect(w?.differences[0]?.description).toMatch(
      /^Gatekeeper rejects the workload \(.+\), PSP admits its pod under restricted$/,
    );
    expect(w?.cause).toBeUndefined();
  });

  it("the exempt namespace: the workload admitted whose pod PSP denies is a security regression, explained like its pod", () => {
    const debug = verdict(result, "Deployment/gatekeeper-system/debug");
    expect(debug.kind).toBe("security-regression");
    expect(debug.workload?.kind).toBe("security-regression");
    expect(debug.workload?.allowed).toBe(true);
    expect(debug.workload?.differences[0]?.explainedBy?.code).toBe("exempt-namespace");
    expect(debug.workload?.differences[0]?.description).toMatch(
      /^Gatekeeper admits the workload, PSP denies its pod \(/,
    );
  });

  it("a mutation difference of the pod does not make the workload disagree: the decisions are compared", () => {
    const db = verdict(result, "StatefulSet/shop/db");
    expect(db.kind).toBe("mutation-difference");
    expect(db.workload).toMatchObject({ allowed: true, kind: "agree" });
  });

  it("the same workload verdicts from the files convert -o writes, expansion/ included", () => {
    const files = Object.entries(outputFiles(converted)).map(([path, text]) => ({ path, text }));
    expect(files.map((f) => f.path).filter((p) => p.startsWith("expansion/")).length).toBeGreaterThan(0);
    const fromDir = verifyPods(cluster, { extra, converted: readConvertedOutput(files) });
    const summary = (r: VerifyResult) =>
      r.pods.map((p) => [p.object, p.workload?.kind, p.workload?.differences.map((d) => d.explainedBy?.code)]);
    expect(summary(fromDir)).toEqual(summary(result));
    expect(fromDir.counts.workloads).toEqual(result.counts.workloads);
  });

  it("the workload of a ReplicaSet owned by a Deployment is sent by the deployment-controller; --as sends the others", () => {
    const rs = {
      ...deployment("shop", "web-abcde"),
      kind: "ReplicaSet",
      metadata: { name: "web-abcde", namespace: "shop", ownerReferences: [{ kind: "Deployment", name: "other" }] },
    };
    const r = verifyPods(cluster, {
      extra: bundleFromObjects([rs, deployment("shop", "api")]),
      converted,
      as: { user: "ci", groups: ["deployers"] },
    });
    expect(verdict(r, "ReplicaSet/shop/web-abcde").workload?.requester.user).toBe(
      "system:serviceaccount:kube-system:deployment-controller",
    );
    expect(verdict(r, "Deployment/shop/api").workload?.requester).toEqual({
      user: "ci",
      groups: ["deployers", "system:authenticated"],
      reason: "--as",
    });
  });
});

describe("without ExpansionTemplates, or not for every kind", () => {
  it("none: no workload verdict, no workload counts, a note saying workloads are admitted as under PSP", () => {
    const r = verifyPods(cluster, { extra, converted: convert(cluster) });
    expect(r.pods.some((p) => p.workload)).toBe(false);
    expect(r.counts.workloads).toBeUndefined();
    expect(r.notes.join()).toMatch(
      /no ExpansionTemplates \(convert --workloads\): Gatekeeper admits workloads as PSP did/,
    );
  });

  it("only the CronJob template: the other workloads are named in a note, the CronJob is reviewed", () => {
    const onlyCronJobs = workloadExpansionTemplates().filter(
      (t) => (t.metadata as { name: string }).name === EXPAND_CRONJOBS,
    );
    const r = verifyPods(cluster, { extra, converted: { ...convert(cluster), expansionTemplates: onlyCronJobs } });
    expect(r.pods.filter((p) => p.workload).map((p) => p.object)).toEqual(["CronJob/shop/report"]);
    expect(r.notes).toContain(
      "no ExpansionTemplate applies to Deployment/gatekeeper-system/debug, Deployment/shop/root-shell, Deployment/shop/web, StatefulSet/shop/db: only their pods are checked",
    );
  });

  it("in memory: convertOptions.workloads gives the ExpansionTemplates", () => {
    const r = verifyPods(cluster, { extra, convertOptions: { workloads: true } });
    expect(r.counts.workloads).toEqual(result.counts.workloads);
  });
});

describe("a whole-cluster conversion (golden/l-requester-grants)", () => {
  const dir = join(REPO_ROOT, "golden/l-requester-grants");
  let lCluster: Bundle;
  let lPods: Bundle;
  let l: VerifyResult;
  beforeAll(async () => {
    lCluster = await loadInputs([join(dir, "input")]);
    lPods = await loadInputs([join(dir, "pods")]);
    l = verifyPods(lCluster, { extra: lPods, convertOptions: { workloads: true } });
  });

  it("kubernetes.io/psp of a bare pod only a requester's own grant reaches: who has such a grant", () => {
    const shell = verdict(l, "Pod/default/node-shell-ip-10-0-3-17");
    expect(shell.pspAnnotation).toMatchObject({ annotated: "privileged", stillChosen: false });
    expect(shell.pspAnnotation?.requesterGrants).toEqual([
      "Group/platform-admins",
      "Group/system:masters",
      "ServiceAccount/kube-system/replicaset-controller",
    ]);
    // Replayed as a member of platform-admins, the PSP is chosen again and there is nothing to hint.
    const asAdmin = verifyPods(lCluster, { extra: lPods, as: { user: "ops", groups: ["platform-admins"] } });
    const again = verdict(asAdmin, "Pod/default/node-shell-ip-10-0-3-17").pspAnnotation;
    expect(again?.stillChosen).toBe(true);
    expect(again?.requesterGrants).toBeUndefined();
  });

  it("a pod its controller created gets no requester hint: its requester is known", () => {
    const shell = lPods.pods.find((p) => p.object.metadata.name === "node-shell-ip-10-0-3-17")?.object;
    if (!shell) throw new Error("no node shell in golden/l pods");
    const owned = structuredClone(shell);
    owned.metadata.name = "agent-x1";
    owned.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "DaemonSet", name: "agent", controller: true }];
    const r = verifyPods(lCluster, { extra: bundleFromObjects([owned]) });
    const check = verdict(r, "Pod/default/agent-x1").pspAnnotation;
    expect(check).toMatchObject({ annotated: "privileged", stillChosen: false });
    expect(check?.requesterGrants).toBeUndefined();
  });

  it("where the policy set depends on who creates the pod, workloads are not judged up front, and agree", () => {
    const web = verdict(l, "Deployment/shop/web");
    // The pod itself (created by the replicaset-controller, after ServiceAccount admission) is admitted.
    expect(web.psp.allowed).toBe(true);
    expect(web.gatekeeper.allowed).toBe(true);
    // privileged is offered through platform-admins and the replicaset-controller: a generated pod has no
    // requester, so the policy-set constraint matches only real pods (source Original).
    expect(web.workload).toMatchObject({ kind: "agree", allowed: true, reasons: [] });
    expect(l.counts.workloads?.unexplained).toBe(0);
  });
});
