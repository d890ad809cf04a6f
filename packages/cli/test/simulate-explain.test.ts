/** `psp2gk simulate` and `psp2gk explain` on the bundled example cluster (psp-semantics.md §2–§4). */
import { describe, expect, it } from "vitest";
import { run, STACK_LINE } from "./run.js";

const CLUSTER = ["-f", "examples/cluster/cluster.yaml"];
const PODS = "examples/cluster/pods";

describe("simulate", () => {
  it("an allowed pod: exit 0, the chosen PSP and what it writes", async () => {
    const r = await run(["simulate", ...CLUSTER, "--pod", `${PODS}/shop-web.yaml`, "-o", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out).slice(0, 5)).toEqual(["format", "allowed", "psp", "mutations", "errors"]);
    expect(out.allowed).toBe(true);
    expect(out.psp).toBe("restricted");
    expect(out.mutations["spec.securityContext.fsGroup"]).toBe(1);
    expect(out.mutations["spec.containers[0].securityContext.runAsNonRoot"]).toBe(true);
    expect(out.request).toEqual({
      operation: "create",
      namespace: "shop",
      serviceAccount: "default",
      user: null,
      pod: "Pod/shop/web",
    });
  });

  it("a denied pod: exit 1, errors only for the PSPs its service account may use", async () => {
    const r = await run(["simulate", ...CLUSTER, "--pod", `${PODS}/shop-debug-privileged.yaml`, "-o", "json"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.allowed).toBe(false);
    expect(out.psp).toBeNull();
    expect(Object.keys(out.errors)).toEqual(["restricted"]);
    expect(out.errors.restricted).toContain(
      "spec.containers[0].securityContext.privileged: Invalid value: true: Privileged containers are not allowed",
    );
    expect(out.message).toMatch(/^PodSecurityPolicy: unable to admit pod: \[/);
  });

  it("--namespace overrides the pod's: the same pod is allowed in kube-system", async () => {
    const r = await run([
      "simulate",
      ...CLUSTER,
      "--pod",
      `${PODS}/shop-debug-privileged.yaml`,
      "--namespace",
      "kube-system",
      "-o",
      "json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ allowed: true, psp: "privileged" });
  });

  it("a requester brings its own grants: system:masters may use every PSP", async () => {
    const args = ["simulate", ...CLUSTER, "--pod", `${PODS}/shop-debug-privileged.yaml`, "-o", "json"];
    const r = await run([...args, "--user", "admin", "--group", "system:masters"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.psp).toBe("privileged");
    expect(out.request.user).toEqual({ name: "admin", groups: ["system:masters", "system:authenticated"] });
  });

  it("a workload's pod template runs in the workload's namespace with its service account", async () => {
    const r = await run(["simulate", "-f", "golden/b-eks-default/input", "--pod", "-", "-o", "json"], DAEMONSET);
    // EKS: no service account may use eks.privileged; only a requester in system:authenticated can.
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).request).toMatchObject({
      namespace: "kube-system",
      serviceAccount: "aws-node",
      pod: "DaemonSet/kube-system/aws-node (pod template)",
    });
    const withController = await run(
      [
        "simulate",
        "-f",
        "golden/b-eks-default/input",
        "--pod",
        "-",
        "-o",
        "json",
        "--user",
        "system:serviceaccount:kube-system:daemon-set-controller",
      ],
      DAEMONSET,
    );
    expect(withController.code).toBe(0);
    expect(JSON.parse(withController.stdout).psp).toBe("eks.privileged");
  });

  it("an empty rejection list is explained (EKS: only requesters may use eks.privileged)", async () => {
    const r = await run(["simulate", "-f", "golden/b-eks-default/input", "--pod", `${PODS}/shop-web.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Message: PodSecurityPolicy: unable to admit pod: []");
    expect(r.stdout).toContain("No errors are listed because the service account may use none of the PSPs");
    expect(r.stdout).toMatch(/eks\.privileged\s+admits it after defaulting\s+no/);
  });

  it("-o yaml and -o text carry the decision", async () => {
    const yaml = await run(["simulate", ...CLUSTER, "--pod", `${PODS}/kube-system-proxy.yaml`, "-o", "yaml"]);
    expect(yaml.code).toBe(0);
    expect(yaml.stdout).toMatch(/^format: psp2gk-simulate\/v1\nallowed: true\npsp: privileged\n/);
    const text = await run(["simulate", ...CLUSTER, "--pod", `${PODS}/kube-system-proxy.yaml`]);
    expect(text.stdout).toContain("Decision: ALLOWED under PSP privileged\n");
  });

  it("a --pod file with two pods, or none, is a usage error naming what was found", async () => {
    const two = await run(["simulate", ...CLUSTER, "--pod", "-"], `${POD("a")}---\n${POD("b")}`);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain("expected exactly one Pod or workload");
    expect(two.stderr).toContain("Pod/default/a, Pod/default/b");
    const none = await run(
      ["simulate", ...CLUSTER, "--pod", "-"],
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("found none");
    expect(none.stderr).not.toMatch(STACK_LINE);
  });
});

describe("explain", () => {
  it("lists usable PSPs by name with mutating concerns, and a bare pod's fate", async () => {
    const r = await run(["explain", ...CLUSTER, "--namespace", "shop", "-o", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.audience).toEqual({ namespace: "shop", serviceAccount: "default", user: null });
    expect(out.psps.map((p: { psp: string }) => p.psp)).toEqual(["restricted"]);
    expect(out.psps[0].mayMutate).toContain("run-as-user");
    expect(out.psps[0].inert).toBeNull();
    // `restricted` lists seccomp profiles but has no default: a bare pod is rejected.
    expect(out.barePod.allowed).toBe(false);
    expect(out.barePod.errors.restricted.join("\n")).toContain("seccomp");
  });

  it("in kube-system the non-mutating privileged PSP admits a bare pod unchanged", async () => {
    const r = await run(["explain", ...CLUSTER, "-n", "kube-system"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "A bare pod (one container, no security settings) is admitted unchanged under privileged.",
    );
    expect(r.stdout).toMatch(/privileged\s+usable\s+RoleBinding\/kube-system\/psp:privileged/);
  });

  it("a namespace nobody may use says so", async () => {
    const r = await run(["explain", "-f", "golden/c-rolebinding-per-namespace/input", "-n", "sandbox"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("may use no PSP: PSP admission rejects every pod here.");
    expect(r.stdout).toContain("A bare pod (one container, no security settings) is rejected");
  });
});

const POD = (name: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers: [{name: c, image: x}]
`;

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: aws-node, namespace: kube-system}
spec:
  selector: {matchLabels: {k8s-app: aws-node}}
  template:
    metadata: {labels: {k8s-app: aws-node}}
    spec:
      serviceAccountName: aws-node
      hostNetwork: true
      containers:
      - name: aws-node
        image: amazon-k8s-cni:v1.10.1
        ports: [{containerPort: 61678, hostPort: 61678}]
`;
