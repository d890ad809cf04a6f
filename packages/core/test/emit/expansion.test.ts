/**
 * The emitted ExpansionTemplates: accepted by Gatekeeper's checks, and — with the converted
 * policies of golden/h-single-restricted — every workload kind that creates pods is refused when
 * its pods would be (the PSP engine denies them) and admitted when they would be admitted.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convert } from "../../src/convert/convert.js";
import { EXPAND_CRONJOBS, EXPAND_WORKLOADS, workloadExpansionTemplates } from "../../src/emit/expansion.js";
import { outputFiles, outputStream } from "../../src/emit/layout.js";
import { compileExpansionTemplates, GatekeeperSimulator } from "../../src/gatekeeper/index.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit } from "../../src/psp/admit.js";
import { allowAll } from "../../src/psp/authorizer.js";

type Obj = Record<string, unknown>;

const INPUT = new URL("../../../../golden/h-single-restricted/input/cluster.yaml", import.meta.url);
const bundle = bundleFromObjects((parse(readFileSync(INPUT, "utf8")) as { items: unknown[] }).items);
const result = convert(bundle);
const psp = bundle.psps[0]?.object;

describe("workloadExpansionTemplates", () => {
  it("passes Gatekeeper's template checks and is the same every time", () => {
    const templates = workloadExpansionTemplates();
    expect(compileExpansionTemplates(templates).map((t) => t.name)).toEqual([EXPAND_CRONJOBS, EXPAND_WORKLOADS]);
    expect(workloadExpansionTemplates()).toEqual(templates);
    for (const t of templates) {
      expect(t.apiVersion).toBe("expansion.gatekeeper.sh/v1alpha1");
      // No enforcementAction: the constraints' own action (--enforcement-action) applies to workloads too.
      expect((t.spec as Obj).enforcementAction).toBeUndefined();
    }
  });
});

/** A pod spec the PSP admits after defaulting, and Gatekeeper after the mutators (AppArmor has no mutator). */
const podMetadata = { annotations: { "container.apparmor.security.beta.kubernetes.io/app": "runtime/default" } };
const goodSpec = {
  serviceAccountName: "default",
  containers: [{ name: "app", image: "registry.example.com/app:1.0" }],
};
const badSpec = {
  serviceAccountName: "default",
  containers: [{ name: "app", image: "registry.example.com/app:1.0", securityContext: { privileged: true } }],
};

function workload(apiVersion: string, kind: string, spec: Obj): Obj {
  const template = { metadata: podMetadata, spec };
  const body =
    kind === "CronJob"
      ? { schedule: "0 * * * *", jobTemplate: { spec: { template } } }
      : { selector: { matchLabels: { app: "x" } }, template };
  return { apiVersion, kind, metadata: { name: `my-${kind.toLowerCase()}`, namespace: "shop" }, spec: body };
}

const KINDS: [string, string, string][] = [
  ["apps/v1", "Deployment", EXPAND_WORKLOADS],
  ["apps/v1", "ReplicaSet", EXPAND_WORKLOADS],
  ["apps/v1", "StatefulSet", EXPAND_WORKLOADS],
  ["apps/v1", "DaemonSet", EXPAND_WORKLOADS],
  ["batch/v1", "Job", EXPAND_WORKLOADS],
  ["v1", "ReplicationController", EXPAND_WORKLOADS],
  ["batch/v1", "CronJob", EXPAND_CRONJOBS],
];

describe("the converted policies with the ExpansionTemplates decide workloads as PSP decides their pods", () => {
  const sim = new GatekeeperSimulator({
    templates: result.templates,
    constraints: result.constraints,
    mutators: result.mutators,
    expansionTemplates: workloadExpansionTemplates(),
  });
  const user = { username: "alice", groups: ["system:authenticated"] };
  const pspAdmits = (spec: Obj) => {
    if (!psp) throw new Error("no PSP");
    const pod = { metadata: { ...podMetadata, name: "p", namespace: "shop" }, spec } as unknown as Pod;
    const r = admit(pod, { operation: "create" }, { psps: [psp], authorizer: allowAll });
    return r.allowed || (r.message ?? "denied");
  };

  it("the engine admits the good pod and denies the privileged one", () => {
    expect(pspAdmits(goodSpec)).toBe(true);
    expect(pspAdmits(badSpec)).toMatch(/privileged/i);
  });

  for (const [apiVersion, kind, template] of KINDS) {
    it(`${kind}: refused with the pod's violation, prefixed by ${template}; admitted when its pods would be`, () => {
      const bad = sim.reviewWorkload(workload(apiVersion, kind, badSpec), { operation: "CREATE", userInfo: user });
      expect(bad.allowed).toBe(false);
      expect(bad.violations.map((v) => v.constraint)).toEqual(["Psp2gkPrivileged/restricted-privileged"]);
      for (const m of bad.violations.flatMap((v) => v.messages))
        expect(m.startsWith(`[Implied by ${template}] `)).toBe(true);
      const good = sim.reviewWorkload(workload(apiVersion, kind, goodSpec), { operation: "CREATE", userInfo: user });
      expect({ allowed: good.allowed, violations: good.violations }).toEqual({ allowed: true, violations: [] });
      // The mock pod was defaulted by the converted mutators (source All), e.g. fsGroup 1.
      const generatedSpec = good.generated[0]?.object.spec as Obj | undefined;
      expect(generatedSpec?.securityContext).toMatchObject({ fsGroup: 1 });
    });
  }
});

describe("outputFiles / outputStream with expansion and a suite", () => {
  const expansionTemplates = workloadExpansionTemplates();
  const suite = { "tests/suite.yaml": "kind: Suite\n", "tests/a/b.yaml": "kind: Pod\n" };

  it("writes expansion/*.yaml (in the kustomization) and tests/** (not in it)", () => {
    const files = outputFiles({ ...result, expansionTemplates, suite });
    expect(Object.keys(files).filter((f) => f.startsWith("expansion/"))).toEqual([
      `expansion/${EXPAND_CRONJOBS}.yaml`,
      `expansion/${EXPAND_WORKLOADS}.yaml`,
    ]);
    expect(files["tests/a/b.yaml"]).toBe("kind: Pod\n");
    const kustomization = parse(files["kustomization.yaml"] ?? "") as { resources: string[] };
    expect(kustomization.resources).toContain(`expansion/${EXPAND_WORKLOADS}.yaml`);
    expect(kustomization.resources.some((r) => r.startsWith("tests/"))).toBe(false);
    expect(Object.keys(files)).toEqual([...Object.keys(files)].sort());
  });

  it("without them, writes neither", () => {
    const files = outputFiles(result);
    expect(Object.keys(files).some((f) => f.startsWith("expansion/") || f.startsWith("tests/"))).toBe(false);
  });

  it("refuses suite paths outside tests/", () => {
    expect(() => outputFiles({ ...result, suite: { "templates/x.yaml": "" } })).toThrow(/outside tests\//);
    expect(() => outputFiles({ ...result, suite: { "tests/../x.yaml": "" } })).toThrow(/outside tests\//);
  });

  it("the stream ends with the ExpansionTemplates", () => {
    const docs = outputStream({ ...result, expansionTemplates })
      .split("---\n")
      .filter(Boolean);
    expect(docs.slice(-2).map((d) => (parse(d) as Obj).metadata)).toEqual([
      { name: EXPAND_CRONJOBS },
      { name: EXPAND_WORKLOADS },
    ]);
    expect(docs).toHaveLength(result.templates.length + result.constraints.length + result.mutators.length + 2);
  });
});
