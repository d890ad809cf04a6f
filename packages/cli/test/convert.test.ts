/** `psp2gk convert`: stream and directory output, atomic writes, refusals, option errors. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { run, STACK_LINE } from "./run.js";

/** A single-policy cluster whose PSP restricts only readOnlyRootFilesystem (every other concern open). */
function cluster(extraPsps: Record<string, unknown>[] = []): string {
  const psp = {
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name: "ro-root", annotations: { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" } },
    spec: {
      privileged: true,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      hostPorts: [{ min: 0, max: 65535 }],
      volumes: ["*"],
      allowedCapabilities: ["*"],
      allowedUnsafeSysctls: ["*"],
      allowedProcMountTypes: ["Default", "Unmasked"],
      readOnlyRootFilesystem: true,
      runAsUser: { rule: "RunAsAny" },
      seLinux: { rule: "RunAsAny" },
      fsGroup: { rule: "RunAsAny" },
      supplementalGroups: { rule: "RunAsAny" },
    },
  };
  const role = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "psp:all" },
    rules: [{ apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"] }],
  };
  const binding = {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "psp:all" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "psp:all" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:serviceaccounts" }],
  };
  return [psp, ...extraPsps, role, binding].map((o) => stringify(o)).join("---\n");
}

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "psp2gk-convert-"));
  writeFileSync(join(work, "cluster.yaml"), cluster());
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const input = () => ["-f", join(work, "cluster.yaml")];

describe("convert", () => {
  it("help explains the scope, the layout and gives examples", async () => {
    const r = await run(["convert", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/policy-set constraint/);
    expect(r.stdout).toMatch(/--style <style>/);
    expect(r.stdout).toMatch(/--mutation <mode>/);
    expect(r.stdout).toMatch(/--on-uncovered <action>/);
    expect(r.stdout).toMatch(/--enforcement-action <action>/);
    expect(r.stdout).toMatch(/--exempt-namespace <ns>/);
    expect(r.stdout).toMatch(/psp2gk convert -f examples\/cluster -o gatekeeper-policies/);
    expect(r.stdout).toMatch(/gatekeeper-system is exempt by default/);
  });

  it("without -o: one YAML stream on stdout, findings on stderr, exit 0", async () => {
    const r = await run(["convert", ...input()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^---\napiVersion: templates.gatekeeper.sh\/v1\nkind: ConstraintTemplate\n/);
    expect(r.stdout).toMatch(/kind: Psp2gkReadOnlyRootFilesystem/);
    expect(r.stdout).toMatch(/apiVersion: mutations.gatekeeper.sh\/v1/);
    expect(r.stderr).toMatch(/^warning \[exempt-namespace\]/m);
  });

  it("-o DIR writes the layout atomically and leaves nothing else beside it", async () => {
    const out = join(work, "out");
    const r = await run(["convert", ...input(), "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^psp2gk: converted PSP ro-root in 1 namespace group: \d+ templates?, \d+ constraints?, \d+ mutators?; wrote \d+ files to /,
    );
    const top = readdirSync(out).sort();
    expect(top).toEqual([
      "REPORT.md",
      "constraints",
      "kustomization.yaml",
      "mutations",
      "report.json",
      "templates",
      "tests",
    ]);
    expect(readdirSync(work).sort()).toEqual(["cluster.yaml", "out"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.schemaVersion).toBe("psp2gk-report/v2");
    expect(report.psp).toBe("ro-root");
  });

  it("refuses a non-empty DIR without --force and leaves it untouched; --force replaces it", async () => {
    const out = join(work, "out");
    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "mine");
    const refused = await run(["convert", ...input(), "-o", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/directory is not empty \(give --force to replace it\)/);
    expect(readdirSync(out)).toEqual(["keep.txt"]);
    const forced = await run(["convert", ...input(), "-o", out, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(join(out, "keep.txt"))).toBe(false);
    expect(existsSync(join(out, "kustomization.yaml"))).toBe(true);
    expect(readdirSync(work).sort()).toEqual(["cluster.yaml", "out"]);
  });

  it("an empty existing DIR is fine without --force", async () => {
    const out = join(work, "empty");
    mkdirSync(out);
    expect((await run(["convert", ...input(), "-o", out])).code).toBe(0);
  });

  it("a second PSP every pod may use gives a policy-set constraint", async () => {
    const second = {
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      metadata: { name: "other" },
      spec: {
        runAsUser: { rule: "RunAsAny" },
        seLinux: { rule: "RunAsAny" },
        fsGroup: { rule: "RunAsAny" },
        supplementalGroups: { rule: "RunAsAny" },
      },
    };
    writeFileSync(join(work, "cluster.yaml"), cluster([second]));
    const r = await run(["convert", ...input()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^kind: Psp2gkPolicySet$/m);
    expect(r.stdout).toMatch(/^ {8}name: other$/m);
    expect(r.stdout).toMatch(/^ {8}name: ro-root$/m);
  });

  it("a cluster where no PSP is granted is refused: exit 2, the reason on stderr, nothing written", async () => {
    writeFileSync(join(work, "cluster.yaml"), cluster().split("---\n")[0] as string);
    const out = join(work, "out");
    const r = await run(["convert", ...input(), "-o", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error \[no-usable-psp\] No PSP is granted to anyone \(ro-root\)/m);
    expect(r.stderr).toMatch(/psp2gk: conversion refused: nothing was written/);
    expect(existsSync(out)).toBe(false);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it("--engine cel drops the Rego; --enforcement-action and --exempt-namespace reach the constraints", async () => {
    const r = await run([
      "convert",
      ...input(),
      "--engine",
      "cel",
      "--enforcement-action",
      "warn",
      "--exempt-namespace",
      "kube-system",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^\s+rego: /m);
    expect(r.stdout).toMatch(/engine: K8sNativeValidation/);
    expect(r.stdout).toMatch(/enforcementAction: warn/);
    expect(r.stdout).toMatch(/excludedNamespaces:\n\s+- gatekeeper-system\n\s+- kube-system/);
    expect(r.stderr).toMatch(/warning \[enforcement-not-deny\]/);
  });

  it("bad option values are usage errors (exit 2)", async () => {
    expect((await run(["convert", ...input(), "--engine", "wasm"])).code).toBe(2);
    expect((await run(["convert", ...input(), "--enforcement-action", "block"])).code).toBe(2);
    const ns = await run(["convert", ...input(), "--exempt-namespace", "Not_A_Namespace"]);
    expect(ns.code).toBe(2);
    expect(ns.stderr).toMatch(/is not a namespace name/);
    expect((await run(["convert"])).code).toBe(2);
  });

  it("the same input in any order gives byte-identical output", async () => {
    const a = await run(["convert", ...input()]);
    const docs = cluster().split("---\n").reverse().join("---\n");
    writeFileSync(join(work, "cluster.yaml"), docs);
    const b = await run(["convert", ...input()]);
    expect(b.stdout).toBe(a.stdout);
  });
});
