/**
 * `psp2gk verify` on golden/h-single-restricted (single-policy, converts) with the fixture pods of
 * packages/core/test/verify/fixtures/h-pods.yaml (one per class): in memory and from a convert -o DIR,
 * text / JSON / Markdown, exit codes, input errors.
 */
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VerifyResult } from "@psp2gk/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { verifyExitCode } from "../src/commands/verify.js";
import { run, STACK_LINE } from "./run.js";

const CLUSTER = ["-f", "golden/h-single-restricted/input"];
const PODS = ["--pods", "packages/core/test/verify/fixtures/h-pods.yaml"];

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "psp2gk-verify-"));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

interface JsonVerdict {
  object: string;
  kind: string;
  requester: { user: string; groups: string[] };
  differences: { description: string; explainedBy?: { code: string } }[];
}
const verdicts = (stdout: string): [string, string, (string | undefined)[]][] =>
  (JSON.parse(stdout).pods as JsonVerdict[]).map((p) => [
    p.object,
    p.kind,
    p.differences.map((d) => d.explainedBy?.code),
  ]);

describe("verify", () => {
  it("help: flags, the default requester, the classes and exit codes", async () => {
    const r = await run(["verify", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      "--pods <path>",
      "--converted <dir>",
      "--as <user>",
      "--as-group <group>",
      "--allow-stricter",
    ]) {
      expect(r.stdout).toContain(flag);
    }
    expect(r.stdout).toMatch(/default user psp2gk-verify with group\s+system:authenticated\s+only/);
    // Who is replayed as --as, and that creators with their own grant need it.
    expect(r.stdout).toMatch(/for a bare pod without owner, the --as\s+requester/);
    expect(r.stdout).toMatch(/are judged as their creator only when replayed with --as that user and groups/);
    expect(r.stdout).toContain("--workloads");
    expect(r.stdout).toMatch(/Gatekeeper should reject the\s+workload exactly when PSP denies its pod/);
    expect(r.stdout).toMatch(/security regression \(Gatekeeper admits, PSP denies\)/);
    expect(r.stdout).toMatch(/psp2gk verify -f golden\/h-single-restricted\/input/);
    const overview = await run(["--help"]);
    expect(overview.stdout).toMatch(/psp2gk verify -f cluster-dump.yaml/);
  });

  it("text, in memory: counts first, then each disagreement with both sides and its finding; exit 1", async () => {
    const r = await run(["verify", ...CLUSTER, ...PODS]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^psp2gk verify: 8 pod\(s\) through PSP and through the policies converted in memory\n/);
    expect(r.stdout).toMatch(/^ {2}security regressions {2,}1$/m);
    expect(r.stdout).toMatch(/^ {2}availability regressions {2,}3$/m);
    expect(r.stdout).toMatch(/^ {2}mutation differences {2,}1$/m);
    expect(r.stdout).toMatch(/^ {2}not explained by a finding {2,}0$/m);
    // Security regressions come first.
    expect(r.stdout.indexOf("security regression (")).toBeLessThan(r.stdout.indexOf("availability regression ("));
    expect(r.stdout).toMatch(
      /security regression \(Gatekeeper admits, PSP denies\): Pod\/gatekeeper-system\/debug \(packages\/core\/test\/verify\/fixtures\/h-pods\.yaml:\d+:\d+\)\n.*\n {2}PSP: denies: PodSecurityPolicy: unable to admit pod: \[spec\.securityContext\.hostNetwork.*\n {2}Gatekeeper: admits\n {2}explained by \[exempt-namespace\]: Pods in namespace gatekeeper-system/,
    );
    expect(r.stdout).toMatch(
      / {2}containers\[0\]\.runAsNonRoot: null ≠ true {2}\(mutation-wider-than-psp\)\n {2}explained by \[mutation-wider-than-psp\] \(run-as-user\): MustRunAsNonRoot/,
    );
    expect(r.stdout).toMatch(
      /kubernetes\.io\/psp:\n {2}Pod\/shop\/web-5d8f7-abcde: still chosen: restricted; relied on PSP mutation: /,
    );
    expect(r.stderr).toBe("");
  });

  it("only availability regressions: exit 1, and 0 with --allow-stricter", async () => {
    const strict = await run(["verify", ...CLUSTER]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^ {2}availability regressions {2,}2$/m);
    const allowed = await run(["verify", ...CLUSTER, "--allow-stricter"]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toBe(strict.stdout);
  });

  it("JSON: the typed result, every pod with its class and explaining finding", async () => {
    const r = await run(["verify", ...CLUSTER, ...PODS, "-o", "json", "--as", "ci-bot", "--as-group", "deployers"]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(["status", "policies", "counts", "pods", "refusal", "notes"]);
    expect(out.status).toBe("verified");
    expect(verdicts(r.stdout)).toEqual([
      ["CronJob/shop/report", "availability-regression", ["apparmor-default-not-applied"]],
      ["Deployment/shop/web", "agree", []],
      ["Pod/default/bare", "availability-regression", ["apparmor-default-not-applied"]],
      ["Pod/gatekeeper-system/debug", "security-regression", ["exempt-namespace"]],
      ["Pod/shop/checkout-7d9f", "availability-regression", ["apparmor-default-not-applied"]],
      ["Pod/shop/privileged", "agree", []],
      ["Pod/shop/web-5d8f7-abcde", "agree", []],
      ["StatefulSet/shop/db", "mutation-difference", ["mutation-wider-than-psp"]],
    ]);
    const pods = out.pods as JsonVerdict[];
    expect(pods.find((p) => p.object === "Pod/default/bare")?.requester).toMatchObject({
      user: "ci-bot",
      groups: ["deployers", "system:authenticated"],
    });
    expect(pods.find((p) => p.object === "Deployment/shop/web")?.requester.user).toBe(
      "system:serviceaccount:kube-system:replicaset-controller",
    );
  });

  it("Markdown: a counts table and a table per class", async () => {
    const r = await run(["verify", ...CLUSTER, ...PODS, "-o", "md"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^# psp2gk verify\n/);
    expect(r.stdout).toMatch(/^\| security regressions \| 1 \|$/m);
    expect(r.stdout).toMatch(/^## availability regression \(Gatekeeper denies, PSP admits\)$/m);
    expect(r.stdout).toMatch(
      /^\| StatefulSet\/shop\/db .*\| containers\[0\]\.runAsNonRoot: null ≠ true \| `mutation-wider-than-psp` \(run-as-user\) \|$/m,
    );
  });

  it("--converted DIR from convert -o: the same verdicts as in memory", async () => {
    const dir = join(work, "policies");
    const conv = await run(["convert", ...CLUSTER, "-o", dir]);
    expect(conv.code, conv.stderr).toBe(0);
    const fromDir = await run(["verify", ...CLUSTER, ...PODS, "--converted", dir, "-o", "json"]);
    const inMemory = await run(["verify", ...CLUSTER, ...PODS, "-o", "json"]);
    expect(fromDir.code).toBe(1);
    expect(JSON.parse(fromDir.stdout).policies).toBe("converted");
    expect(verdicts(fromDir.stdout)).toEqual(verdicts(inMemory.stdout));
  });

  it("--converted DIR missing a constraint: an unexplained security regression, exit 1 even with --allow-stricter", async () => {
    const dir = join(work, "policies");
    expect((await run(["convert", ...CLUSTER, "-o", dir])).code).toBe(0);
    unlinkSync(join(dir, "constraints", "restricted-host-network-and-ports.yaml"));
    const pod = join(work, "hostnet.yaml");
    writeFileSync(
      pod,
      [
        "apiVersion: v1",
        "kind: Pod",
        "metadata:",
        "  name: hostnet",
        "  namespace: shop",
        "  annotations:",
        "    container.apparmor.security.beta.kubernetes.io/c: runtime/default",
        "spec:",
        "  hostNetwork: true",
        "  containers:",
        "  - name: c",
        "    image: x",
        "",
      ].join("\n"),
    );
    const r = await run(["verify", ...CLUSTER, "--pods", pod, "--converted", dir, "--allow-stricter"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}not explained by a finding {2,}1$/m);
    expect(r.stdout).toMatch(
      /security regression \(Gatekeeper admits, PSP denies\): Pod\/shop\/hostnet .*\n(.*\n){3} {2}NOT explained by any finding\n/,
    );
  });

  it("nothing converted (convert refuses the cluster): exit 2, the refusal on stderr", async () => {
    const cluster = join(work, "cluster.yaml");
    writeFileSync(cluster, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n");
    const r = await run(["verify", "-f", cluster]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^psp2gk: error: the conversion was refused, so there is nothing converted to verify against:\n {2}error \[/,
    );
  });

  it("a directory that is not a convert output, a missing one, a broken file: exit 2 with the place", async () => {
    const empty = join(work, "empty");
    mkdirSync(empty);
    writeFileSync(join(empty, "README.md"), "hello\n");
    const notOutput = await run(["verify", ...CLUSTER, "--converted", empty]);
    expect(notOutput.code).toBe(2);
    expect(notOutput.stderr).toMatch(/--converted .*empty: not a psp2gk convert output/);

    const missing = await run(["verify", ...CLUSTER, "--converted", join(work, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such directory/);

    const broken = join(work, "broken");
    mkdirSync(join(broken, "constraints"), { recursive: true });
    writeFileSync(join(broken, "constraints", "x.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");
    const r = await run(["verify", ...CLUSTER, "--converted", broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/constraints\/x\.yaml:1: expected a constraint/);
    for (const out of [notOutput, missing, r]) expect(out.stderr).not.toMatch(STACK_LINE);
  });

  it("argument errors: --as-group without --as, conversion options with --converted", async () => {
    const group = await run(["verify", ...CLUSTER, "--as-group", "g"]);
    expect(group.code).toBe(2);
    expect(group.stderr).toMatch(/--as-group needs --as/);
    const mixed = await run(["verify", ...CLUSTER, "--converted", work, "--exempt-namespace", "kube-system"]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/--exempt-namespace only apply to the in-memory conversion/);
    const workloads = await run(["verify", ...CLUSTER, "--converted", work, "--workloads"]);
    expect(workloads.code).toBe(2);
    expect(workloads.stderr).toMatch(/--workloads only apply to the in-memory conversion/);
    const noInput = await run(["verify"]);
    expect(noInput.code).toBe(2);
  });

  it("in-memory conversion options are applied: exempting shop: its pods are explained by exempt-namespace", async () => {
    const r = await run(["verify", ...CLUSTER, ...PODS, "--exempt-namespace", "shop", "-o", "json"]);
    const shop = verdicts(r.stdout).filter(([object]) => object.includes("/shop/"));
    expect(shop.find(([o]) => o === "Pod/shop/privileged")).toEqual([
      "Pod/shop/privileged",
      "security-regression",
      ["exempt-namespace"],
    ]);
    // PSP defaults the CronJob's pod, Gatekeeper leaves it alone there: each field explained by the exemption.
    const report = shop.find(([o]) => o === "CronJob/shop/report");
    expect(report?.[1]).toBe("mutation-difference");
    expect(report?.[2].length).toBeGreaterThan(0);
    expect(new Set(report?.[2])).toEqual(new Set(["exempt-namespace"]));
  });
});

interface JsonWorkload {
  object: string;
  workload?: { kind: string; allowed: boolean; reasons: string[]; differences: { explainedBy?: { code: string } }[] };
}
const workloadVerdicts = (stdout: string) =>
  (JSON.parse(stdout).pods as JsonWorkload[])
    .filter((p) => p.workload)
    .map((p) => [p.object, p.workload?.kind, p.workload?.differences.map((d) => d.explainedBy?.code)]);

describe("verify with ExpansionTemplates (workloads reviewed themselves)", () => {
  it("--workloads in memory: each workload next to PSP's decision for its pod, in text and JSON", async () => {
    const text = await run(["verify", ...CLUSTER, ...PODS, "--workloads"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^ {2}workloads reviewed \(expansion\) {2,}3$/m);
    expect(text.stdout).toMatch(/^ {2}workload availability regressions {2,}1$/m);
    expect(text.stdout).toMatch(
      /workload availability regression \(Gatekeeper rejects the workload, PSP admits its pod\): CronJob\/shop\/report .*\n {2}requester of the workload: psp2gk-verify .*\n {2}PSP: admits its pod under restricted\n {2}Gatekeeper \(psp2gk-expand-cronjobs\): rejects the workload: Psp2gkAppArmor\/[^:]+: \[Implied by psp2gk-expand-cronjobs\] .*\n {2}explained by \[apparmor-default-not-applied\]/,
    );
    const json = await run(["verify", ...CLUSTER, ...PODS, "--workloads", "-o", "json"]);
    expect(workloadVerdicts(json.stdout)).toEqual([
      ["CronJob/shop/report", "availability-regression", ["apparmor-default-not-applied"]],
      ["Deployment/shop/web", "agree", []],
      ["StatefulSet/shop/db", "agree", []],
    ]);
    expect(JSON.parse(json.stdout).counts.workloads).toEqual({
      reviewed: 3,
      agree: 2,
      securityRegressions: 0,
      availabilityRegressions: 1,
      unexplained: 0,
    });
    const md = await run(["verify", ...CLUSTER, ...PODS, "--workloads", "-o", "md"]);
    expect(md.stdout).toMatch(
      /^\| CronJob\/shop\/report .*\| availability-regression \| admits its pod under restricted \| rejects the workload: .*\| `apparmor-default-not-applied` \(apparmor\) \| {2}\|$/m,
    );
  });

  it("without ExpansionTemplates: no workload verdicts, and a note says workloads are admitted as under PSP", async () => {
    const r = await run(["verify", ...CLUSTER, ...PODS, "-o", "json"]);
    expect(workloadVerdicts(r.stdout)).toEqual([]);
    expect(JSON.parse(r.stdout).counts.workloads).toBeUndefined();
    expect((JSON.parse(r.stdout).notes as string[]).join()).toMatch(/no ExpansionTemplates \(convert --workloads\)/);
  });

  it("--converted DIR of convert --workloads: expansion/ is replayed, the same workload verdicts as in memory", async () => {
    const dir = join(work, "policies");
    const conv = await run(["convert", ...CLUSTER, "--workloads", "-o", dir]);
    expect(conv.code, conv.stderr).toBe(0);
    const fromDir = await run(["verify", ...CLUSTER, ...PODS, "--converted", dir, "-o", "json"]);
    const inMemory = await run(["verify", ...CLUSTER, ...PODS, "--workloads", "-o", "json"]);
    expect(workloadVerdicts(fromDir.stdout).length).toBe(3);
    expect(workloadVerdicts(fromDir.stdout)).toEqual(workloadVerdicts(inMemory.stdout));
  });

  it("exit codes count workload regressions like pod ones", () => {
    const base: VerifyResult = {
      status: "verified",
      policies: "in-memory",
      counts: {
        pods: 1,
        agree: 1,
        securityRegressions: 0,
        availabilityRegressions: 0,
        mutationDifferences: 0,
        unexplained: 0,
        pspChanged: 0,
        reliedOnMutation: 0,
        workloads: { reviewed: 1, agree: 1, securityRegressions: 0, availabilityRegressions: 0, unexplained: 0 },
      },
      pods: [],
      refusal: [],
      notes: [],
    };
    const withWorkloads = (w: { securityRegressions: number; availabilityRegressions: number }): VerifyResult => ({
      ...base,
      counts: { ...base.counts, workloads: { reviewed: 1, agree: 0, unexplained: 0, ...w } },
    });
    expect(verifyExitCode(base, false)).toBe(0);
    expect(verifyExitCode(withWorkloads({ securityRegressions: 1, availabilityRegressions: 0 }), true)).toBe(1);
    expect(verifyExitCode(withWorkloads({ securityRegressions: 0, availabilityRegressions: 1 }), false)).toBe(1);
    expect(verifyExitCode(withWorkloads({ securityRegressions: 0, availabilityRegressions: 1 }), true)).toBe(0);
  });
});

describe("verify and requester-only grants (golden/l-requester-grants)", () => {
  const L = ["-f", "golden/l-requester-grants/input", "--pods", "golden/l-requester-grants/pods"];
  it("a bare pod admitted through a group's own grant: flagged, and judged as its creator with --as", async () => {
    const r = await run(["verify", ...L]);
    expect(r.stdout).toMatch(
      /^ {2}Pod\/default\/node-shell-ip-10-0-3-17: admitted by privileged, now denied .*privileged is usable here only by requesters with a grant of their own \(Group\/platform-admins, .*\), not by the pod's service account nor psp2gk-verify: created by a requester with its own grant\? replay with --as$/m,
    );
    const asAdmin = await run(["verify", ...L, "--as", "ops", "--as-group", "platform-admins"]);
    expect(asAdmin.stdout).not.toMatch(/node-shell-ip-10-0-3-17: admitted by privileged, now/);
  });
});
