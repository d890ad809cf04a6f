/** `psp2gk explain`: shadowed PSPs in the usable-PSP listing (text and JSON). */
import { describe, expect, it } from "vitest";
import { run } from "./run.js";

const CLUSTER = ["-f", "examples/cluster/cluster.yaml"];

/** Two identical mutating PSPs and an open one that sorts last, all granted to every service account. */
const IDENTICAL = `apiVersion: v1
kind: List
items:
- apiVersion: policy/v1beta1
  kind: PodSecurityPolicy
  metadata: {name: team-a}
  spec: &tight
    allowPrivilegeEscalation: false
    runAsUser: {rule: MustRunAsNonRoot}
    seLinux: {rule: RunAsAny}
    fsGroup: {rule: RunAsAny}
    supplementalGroups: {rule: RunAsAny}
    volumes: [secret, configMap]
- apiVersion: policy/v1beta1
  kind: PodSecurityPolicy
  metadata: {name: team-b}
  spec: *tight
- apiVersion: policy/v1beta1
  kind: PodSecurityPolicy
  metadata: {name: zz-open}
  spec:
    privileged: true
    runAsUser: {rule: RunAsAny}
    seLinux: {rule: RunAsAny}
    fsGroup: {rule: RunAsAny}
    supplementalGroups: {rule: RunAsAny}
    volumes: ['*']
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: use-all}
  rules: [{apiGroups: [policy], resources: [podsecuritypolicies], verbs: [use]}]
- apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRoleBinding
  metadata: {name: use-all}
  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: use-all}
  subjects: [{kind: Group, apiGroup: rbac.authorization.k8s.io, name: "system:serviceaccounts"}]
`;

describe("explain: shadowed PSPs", () => {
  it("JSON: restricted is shadowed by privileged in kube-system; privileged is not", async () => {
    const r = await run(["explain", ...CLUSTER, "-n", "kube-system", "-o", "json"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const by = Object.fromEntries(out.psps.map((p: { psp: string; shadowedBy: unknown }) => [p.psp, p.shadowedBy]));
    expect(by).toEqual({ privileged: null, restricted: { psp: "privileged", reason: "covers" } });
  });

  it("text: the STATUS column and one plain-words line", async () => {
    const r = await run(["explain", ...CLUSTER, "-n", "kube-system"]);
    expect(r.stdout).toMatch(/restricted\s+usable, shadowed by privileged\s/);
    expect(r.stdout).toContain(
      "Shadowed: every pod restricted admits is admitted unchanged by privileged, which PSP prefers; " +
        "restricted never decides anything for this audience.",
    );
  });

  it("nothing shadowed: no line, every shadowedBy null", async () => {
    const text = await run(["explain", ...CLUSTER, "-n", "shop"]);
    expect(text.stdout).not.toContain("Shadowed");
    expect(text.stdout).not.toContain("shadowed by");
    const json = JSON.parse((await run(["explain", ...CLUSTER, "-n", "shop", "-o", "json"])).stdout);
    expect(json.psps.every((p: { shadowedBy: unknown }) => p.shadowedBy === null)).toBe(true);
  });

  it("identical PSPs: the later name is shadowed (even though both mutate); a wider PSP sorting last shadows nothing", async () => {
    const r = await run(["explain", "-f", "-", "-n", "ns1", "-o", "json"], IDENTICAL);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const by = Object.fromEntries(out.psps.map((p: { psp: string; shadowedBy: unknown }) => [p.psp, p.shadowedBy]));
    expect(by).toEqual({ "team-a": null, "team-b": { psp: "team-a", reason: "identical" }, "zz-open": null });
    const text = await run(["explain", "-f", "-", "-n", "ns1"], IDENTICAL);
    expect(text.stdout).toContain(
      "Shadowed: team-b is the same policy as team-a, which PSP prefers (it sorts first); " +
        "team-b never decides anything for this audience.",
    );
  });
});
