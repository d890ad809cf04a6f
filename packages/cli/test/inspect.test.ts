/** `psp2gk inspect`: bad input, the JSON document's shape, determinism, --verbose. */
import { describe, expect, it } from "vitest";
import { run, STACK_LINE } from "./run.js";

const INVALID_PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: broken
spec:
  runAsUser: {rule: Sometimes}
  seLinux: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
`;

const INERT_PSP = `apiVersion: policy/v1beta1
kind: PodSecurityPolicy
metadata:
  name: no-ranges
spec:
  runAsUser: {rule: MustRunAs}
  seLinux: {rule: RunAsAny}
  fsGroup: {rule: RunAsAny}
  supplementalGroups: {rule: RunAsAny}
`;

describe("bad input: every problem on stderr with position, exit 2, no stack trace", () => {
  it("a missing file", async () => {
    const r = await run(["inspect", "-f", "does-not-exist.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^does-not-exist\.yaml(:\d+:\d+)?: error \[input-not-found\]/m);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe(""); // nothing read: no empty report burying the error
  });

  it("a YAML syntax error and an invalid PSP in one stream: both reported, in reading order", async () => {
    const r = await run(["inspect", "-f", "-"], `${INVALID_PSP}---\nkind: [unclosed\n`);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^<stdin>:6:\d+: error \[psp-invalid\] PodSecurityPolicy\/broken spec\.runAsUser\.rule: .*"Sometimes"/,
    );
    expect(lines[1]).toMatch(/^<stdin>:1[12]:\d+: error \[yaml-syntax\] /); // in the second document
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("an invalid PSP is still shown in the report, as invalid", async () => {
    const r = await run(["inspect", "-f", "-", "-o", "json"], INVALID_PSP);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.psps).toEqual([
      expect.objectContaining({ name: "broken", status: "invalid", source: expect.stringMatching(/^<stdin>:6:/) }),
    ]);
    expect(report.psps[0].reason).toContain("spec.runAsUser.rule");
  });

  it("an inert PSP is a warning: exit 0, shown as inert with the reason", async () => {
    const r = await run(["inspect", "-f", "-"], INERT_PSP);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning \[psp-inert\] PodSecurityPolicy\/no-ranges/);
    expect(r.stdout).toMatch(/no-ranges\s+inert\s/);
    expect(r.stdout).toContain("no-ranges is inert: ");
    expect(r.stdout).toContain("1 warning (listed on stderr)");
  });
});

describe("-o json", () => {
  it("has the documented top-level keys and row shapes", async () => {
    const r = await run(["inspect", "-f", "examples/cluster", "-o", "json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual([
      "format",
      "inputs",
      "diagnostics",
      "psps",
      "namespaces",
      "serviceAccounts",
      "requesters",
    ]);
    expect(report.format).toBe("psp2gk-inspect/v1");
    expect(report.inputs.objects.PodSecurityPolicy).toBe(2);
    expect(report.inputs.objects.Pod).toBe(3);
    expect(report.inputs.skipped).toEqual({ ConfigMap: 1 });
    expect(report.psps.map((p: { name: string }) => p.name)).toEqual(["privileged", "restricted"]);
    expect(report.namespaces).toEqual(["default", "kube-system", "shop"]);
    // The "any other namespace" row is last and has a null namespace.
    const last = report.serviceAccounts.at(-1);
    expect(last).toMatchObject({ namespace: null, serviceAccount: null });
    expect(last.psps.map((u: { psp: string }) => u.psp)).toEqual(["restricted"]);
    expect(last.psps[0].via).toEqual([
      {
        kind: "binding",
        binding: "ClusterRoleBinding/psp:restricted",
        role: "ClusterRole/psp:restricted",
        subject: "Group/system:serviceaccounts",
      },
    ]);
    const masters = report.requesters.find((r: { subject: string }) => r.subject === "Group/system:masters");
    expect(masters.namespace).toBeNull();
    expect(masters.psps.every((u: { via: { kind: string }[] }) => u.via.some((v) => v.kind === "system:masters"))).toBe(
      true,
    );
  });

  it("does not depend on the order of the inputs", async () => {
    const d = "golden/e-aggregated-clusterrole/input";
    const a = await run([
      "inspect",
      "-f",
      `${d}/10-live-dump.yaml`,
      "-f",
      `${d}/20-psp-users-manifest.yaml`,
      "-o",
      "json",
    ]);
    const b = await run([
      "inspect",
      "-f",
      `${d}/20-psp-users-manifest.yaml`,
      "-f",
      `${d}/10-live-dump.yaml`,
      "-o",
      "json",
    ]);
    expect(a.code).toBe(0);
    const strip = (s: string) => {
      const j = JSON.parse(s);
      delete j.psps; // sources name files, which is all that may differ
      return j;
    };
    expect(strip(b.stdout)).toEqual(strip(a.stdout));
  });
});

describe("--verbose", () => {
  it("lists every skipped object with its position; without it only the count", async () => {
    const quiet = await run(["inspect", "-f", "examples/cluster"]);
    expect(quiet.stdout).toContain("1 ConfigMap (--verbose lists them)");
    expect(quiet.stdout).not.toContain("shop/kube-root-ca.crt");
    const verbose = await run(["inspect", "-f", "examples/cluster", "--verbose"]);
    expect(verbose.stdout).toMatch(/ConfigMap\s+shop\/kube-root-ca\.crt\s+examples\/cluster\/cluster\.yaml:\d+:3/);
  });
});
