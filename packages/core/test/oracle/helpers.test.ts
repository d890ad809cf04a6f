/**
 * The oracle harness's pure parts, without a server (runs in the normal test suite): if these were
 * wrong, the differential could report agreement where there is none.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Pod } from "../../src/model/k8s-types.js";
import { readCases } from "../cases/read-cases.js";
import { resolveAggregation } from "./aggregation.js";
import { oracleMutations } from "./case-writer.js";
import { decisionDifferences, splitErrors } from "./decision.js";
import { environmentsFromCases, scenarioArbitrary } from "./generators.js";
import { minimisePod } from "./minimise.js";
import { applyMutations, expectedView, mirrorSeccomp, parsePath, pspView, viewDifferences } from "./pod-view.js";
import { engineIdentity } from "./scenario.js";

const pod = (extra: Partial<Pod["spec"]> = {}, annotations?: Record<string, string>): Pod => ({
  metadata: { name: "p", namespace: "ns", ...(annotations ? { annotations } : {}) },
  spec: { containers: [{ name: "c", image: "i" }], ...extra },
});

describe("mutation paths", () => {
  it("parses dotted, indexed and quoted segments", () => {
    expect(parsePath('metadata.annotations["a.b/c"]')).toEqual(["metadata", "annotations", "a.b/c"]);
    expect(parsePath("spec.containers[1].securityContext.runAsUser")).toEqual([
      "spec",
      "containers",
      1,
      "securityContext",
      "runAsUser",
    ]);
    expect(() => parsePath("spec.[x")).toThrow(/cannot parse/);
  });

  it("applies mutations to a copy", () => {
    const p = pod();
    const m = applyMutations(p, { "spec.containers[0].securityContext.runAsUser": 5 });
    expect(m.spec.containers[0]?.securityContext).toEqual({ runAsUser: 5 });
    expect(p.spec.containers[0]?.securityContext).toBeUndefined();
  });
});

describe("registry seccomp mirroring", () => {
  it("derives the field from the pod annotation (docker/default → RuntimeDefault)", () => {
    const m = mirrorSeccomp(pod({}, { "seccomp.security.alpha.kubernetes.io/pod": "docker/default" }));
    expect(m.spec.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
  });

  it("derives the container annotation from the container field", () => {
    const p = pod();
    (p.spec.containers[0] as { securityContext?: object }).securityContext = {
      seccompProfile: { type: "Localhost", localhostProfile: "a.json" },
    };
    expect(mirrorSeccomp(p).metadata.annotations).toEqual({
      "container.seccomp.security.alpha.kubernetes.io/c": "localhost/a.json",
    });
  });

  it("leaves both alone when both are set", () => {
    const p = pod(
      { securityContext: { seccompProfile: { type: "Unconfined" } } },
      { "seccomp.security.alpha.kubernetes.io/pod": "runtime/default" },
    );
    expect(mirrorSeccomp(p)).toEqual(p);
  });
});

describe("PSP view", () => {
  it("ignores API defaults, omitempty and the psp annotation", () => {
    const sent = pod();
    const returned = pod({ securityContext: {}, dnsPolicy: "ClusterFirst" }, { "kubernetes.io/psp": "x" });
    expect(viewDifferences(pspView(returned), pspView(sent))).toEqual([]);
    const empty = pod({ securityContext: { supplementalGroups: [], seLinuxOptions: { user: "" } } });
    expect(pspView(empty).podSecurityContext).toEqual({ seLinuxOptions: {} });
  });

  it("reports a differing field with its path", () => {
    const a = expectedView(pod(), { "spec.containers[0].securityContext.runAsUser": 5 });
    const b = expectedView(pod(), { "spec.containers[0].securityContext.runAsUser": 7 });
    expect(viewDifferences(a, b)).toEqual(["containers.containers[0].securityContext.runAsUser: 5 ≠ 7"]);
  });

  it("compares capability lists in order (PSP sorts them)", () => {
    const a = expectedView(pod(), { "spec.containers[0].securityContext.capabilities": { add: ["A", "B"] } });
    const b = expectedView(pod(), { "spec.containers[0].securityContext.capabilities": { add: ["B", "A"] } });
    expect(viewDifferences(a, b)).toHaveLength(1);
  });
});

describe("decisions", () => {
  it("compares allowed, refuser, psp and view; skips what a side cannot observe", () => {
    expect(decisionDifferences({ allowed: true }, { allowed: true, psp: "a" })).toEqual([]);
    expect(decisionDifferences({ allowed: true, psp: "a" }, { allowed: true, psp: "b" })).toEqual([
      "psp: oracle a, engine b",
    ]);
    expect(decisionDifferences({ allowed: false, rejectedBy: "api-validation" }, { allowed: true })).toHaveLength(1);
    expect(
      decisionDifferences(
        { allowed: false, rejectedBy: "api-validation" },
        { allowed: false, rejectedBy: "psp-admission" },
      ),
    ).toHaveLength(1);
  });

  it("splits a rejection message into its field errors", () => {
    const m =
      'pods "p" is forbidden: PodSecurityPolicy: unable to admit pod: [spec.containers[0].securityContext.runAsUser: ' +
      "Invalid value: 70: must be in the ranges: [{5 10}] pod.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: " +
      "Forbidden: seccomp may not be set]";
    expect(splitErrors(m)).toEqual([
      "spec.containers[0].securityContext.runAsUser: Invalid value: 70: must be in the ranges: [{5 10}]",
      "pod.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: Forbidden: seccomp may not be set",
    ]);
    expect(splitErrors("PodSecurityPolicy: unable to admit pod: []")).toEqual([]);
  });
});

describe("regression case mutations from an oracle pod", () => {
  it("lists PSP's writes and leaves out what the registry mirrored", () => {
    const input = pod();
    const returned = applyMutations(input, {
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]': "runtime/default",
      "spec.securityContext.seccompProfile": { type: "RuntimeDefault" },
      "spec.containers[0].securityContext.runAsUser": 5,
    });
    expect(oracleMutations(input, returned)).toEqual({
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]': "runtime/default",
      "spec.containers[0].securityContext.runAsUser": 5,
    });
  });
});

describe("aggregation", () => {
  it("fills an aggregated ClusterRole with the union of matching roles' rules", () => {
    const rule = { apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"] };
    const out = resolveAggregation([
      {
        kind: "ClusterRole",
        metadata: { name: "agg" },
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: "y" } }] },
        rules: [{ verbs: ["ignored"] }],
      },
      { kind: "ClusterRole", metadata: { name: "a", labels: { x: "y" } }, rules: [rule] },
      { kind: "ClusterRole", metadata: { name: "b", labels: { x: "y" } }, rules: [rule] },
      { kind: "ClusterRole", metadata: { name: "c", labels: { x: "z" } }, rules: [{ verbs: ["get"] }] },
    ]);
    expect(out[0]).toEqual({ kind: "ClusterRole", metadata: { name: "agg" }, rules: [rule] });
  });
});

describe("requester identity", () => {
  it("adds system:authenticated like impersonation does, except for system:anonymous", () => {
    const base = { name: "s", operation: "create" as const, psps: [], rbac: [], pod: pod() };
    expect(engineIdentity({ ...base, user: { name: "u", groups: ["g"] } }).groups).toEqual([
      "g",
      "system:authenticated",
    ]);
    expect(engineIdentity({ ...base, user: { name: "system:anonymous", groups: [] } }).groups).toEqual([]);
    expect(engineIdentity({ ...base, rbac: null }).groups).toContain("system:masters");
  });
});

describe("generators", () => {
  const envs = environmentsFromCases(readCases());

  it("builds API-plausible pods: unique container names, mounts that name a volume", () => {
    for (const env of envs.slice(0, 10)) {
      for (const s of fc.sample(scenarioArbitrary(env), { seed: 1, numRuns: 20 })) {
        const names = [...(s.pod.spec.initContainers ?? []), ...s.pod.spec.containers].map((c) => c.name);
        expect(new Set(names).size).toBe(names.length);
        const volumes = new Set((s.pod.spec.volumes ?? []).map((v) => v.name));
        for (const c of s.pod.spec.containers)
          for (const m of c.volumeMounts ?? []) expect(volumes.has(m.name)).toBe(true);
      }
    }
  });

  it("never generates 1.21+ behaviour the v1.20 oracle judges differently", () => {
    for (const env of envs) {
      for (const s of fc.sample(scenarioArbitrary(env), { seed: 2, numRuns: 10 })) {
        expect((s.pod.spec.volumes ?? []).some((v) => "ephemeral" in v)).toBe(false);
        const sysctls = s.pod.spec.securityContext?.sysctls ?? [];
        expect(sysctls.some((x) => x.name === "net.ipv4.ip_unprivileged_port_start")).toBe(false);
      }
    }
  });
});

describe("minimise", () => {
  it("drops everything the disagreement does not depend on", async () => {
    const big: Pod = {
      metadata: { name: "p", namespace: "n", annotations: { a: "1" } },
      spec: {
        hostPID: true,
        volumes: [{ name: "v", emptyDir: {} }],
        containers: [
          { name: "c", image: "i", securityContext: { runAsUser: 1, privileged: true } },
          { name: "d", image: "i" },
        ],
      },
    };
    const isPrivileged = async (p: Pod) =>
      p.spec.containers.some((c) => c.securityContext?.privileged) ? "privileged" : undefined;
    const { pod: small } = await minimisePod(big, isPrivileged);
    expect(small).toEqual({
      metadata: { name: "p", namespace: "n" },
      spec: { containers: [{ name: "c", image: "i", securityContext: { privileged: true } }] },
    });
  });
});
