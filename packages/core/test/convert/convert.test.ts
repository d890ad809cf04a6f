import { describe, expect, it } from "vitest";
import { CONCERNS } from "../../src/concerns/index.js";
import { convert } from "../../src/convert/convert.js";
import { restrictsConcern } from "../../src/convert/restricts.js";
import type { ConcernEmitter } from "../../src/emit/concern-emitter.js";
import { outputFiles, outputStream } from "../../src/emit/layout.js";
import { GatekeeperSimulator } from "../../src/gatekeeper/index.js";
import { bundleFromObjects } from "../../src/load/index.js";
import { defaultPsp } from "../../src/model/defaults.js";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput } from "../../src/model/schemas/psp.js";
import {
  clusterGrant,
  EVERY_POD,
  fakePrivileged,
  namespaceGrant,
  openSpec,
  psp,
  singlePolicyBundle,
} from "./fixtures.js";

/** Only the test emitter: every other concern has none (the converter must refuse PSPs restricting them). */
const EMITTERS: Record<string, ConcernEmitter | undefined> = {
  ...Object.fromEntries(CONCERNS.map((c) => [c.name, undefined])),
  privileged: fakePrivileged,
};

const restricted = { ...openSpec(), privileged: false };
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
// biome-ignore lint/suspicious/noExplicitAny: reading nested YAML-shaped objects in assertions
type Json = any;
/** The object as loosely typed JSON, for assertions on nested fields. */
const j = (o: unknown): Json => o as Json;

describe("convert: single-policy cluster", () => {
  const result = convert(singlePolicyBundle(restricted), { emitters: EMITTERS });

  it("converts the one PSP: a template and a constraint per restricted concern, the emitter's mutators", () => {
    expect(result.status).toBe("converted");
    expect(result.psp).toBe("only");
    expect(result.templates.map((t) => (t.metadata as { name: string }).name)).toEqual(["psp2gktestprivileged"]);
    expect(result.constraints).toEqual([
      {
        apiVersion: "constraints.gatekeeper.sh/v1beta1",
        kind: "Psp2gkTestPrivileged",
        metadata: {
          name: "only-privileged",
          annotations: { "psp2gk.io/psp": "only", "psp2gk.io/concern": "privileged" },
        },
        spec: {
          enforcementAction: "deny",
          match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["gatekeeper-system"] },
          parameters: { a: 1, note: "b" },
        },
      },
    ]);
    expect(result.mutators.map((m) => (m.metadata as { name: string }).name)).toEqual(["only-privileged-default"]);
    const spec = result.mutators[0]?.spec as { match: Record<string, unknown> };
    expect(spec.match).toEqual({
      scope: "Namespaced",
      kinds: [{ apiGroups: [""], kinds: ["Pod"] }],
      excludedNamespaces: ["gatekeeper-system"],
    });
  });

  it("builds a v1 ConstraintTemplate with the Rego at target level and the CEL as K8sNativeValidation code", () => {
    const t = j(result.templates[0]);
    expect(t.apiVersion).toBe("templates.gatekeeper.sh/v1");
    expect(t.metadata.annotations.description).toMatch(/privileged/);
    expect(t.spec.crd.spec.names.kind).toBe("Psp2gkTestPrivileged");
    expect(t.spec.crd.spec.validation.openAPIV3Schema).toEqual(fakePrivileged.template.parametersSchema);
    const target = t.spec.targets[0];
    expect(target.target).toBe("admission.k8s.gatekeeper.sh");
    expect(target.rego).toBe(fakePrivileged.template.rego);
    expect(target.libs).toEqual(fakePrivileged.template.regoLibs);
    expect(target.code).toHaveLength(1);
    expect(target.code[0].engine).toBe("K8sNativeValidation");
    expect(target.code[0].source.validations).toHaveLength(1);
  });

  it("--engine rego / cel drops the other engine", () => {
    const rego = convert(singlePolicyBundle(restricted), { emitters: EMITTERS, engine: "rego" });
    const cel = convert(singlePolicyBundle(restricted), { emitters: EMITTERS, engine: "cel" });
    const target = (r: typeof rego) => j(r.templates[0]).spec.targets[0];
    expect(target(rego).code).toBeUndefined();
    expect(target(rego).rego).toBeDefined();
    expect(target(cel).rego).toBeUndefined();
    expect(target(cel).libs).toBeUndefined();
    expect(target(cel).code[0].engine).toBe("K8sNativeValidation");
  });

  it("the output loads in the Gatekeeper simulator and does what the PSP does", () => {
    const sim = new GatekeeperSimulator({
      templates: result.templates,
      constraints: result.constraints,
      mutators: result.mutators,
    });
    const user = { username: "alice", groups: ["system:authenticated"] };
    const pod = (privileged: boolean | undefined, namespace = "apps") => ({
      metadata: { name: "p", namespace },
      spec: {
        containers: [
          { name: "c", image: "x", ...(privileged === undefined ? {} : { securityContext: { privileged } }) },
        ],
      },
    });
    const denied = sim.reviewPod(pod(true), { operation: "CREATE", userInfo: user });
    expect(denied.allowed).toBe(false);
    expect(denied.violations[0]?.messages).toEqual(["Privileged containers are not allowed: c"]);
    const defaulted = sim.reviewPod(pod(undefined), { operation: "CREATE", userInfo: user });
    expect(defaulted.allowed).toBe(true);
    expect(j(defaulted.mutatedPod).spec.containers[0].securityContext).toEqual({ privileged: false });
    // gatekeeper-system is excluded from constraints and mutators.
    const exempt = sim.reviewPod(pod(true, "gatekeeper-system"), { operation: "CREATE", userInfo: user });
    expect(exempt.allowed).toBe(true);
    expect(exempt.mutations).toEqual([]);
  });

  it("reports exemptions, mutation on update and the emitters' findings", () => {
    expect(codes(result)).toEqual(["exempt-namespace", "mutation-not-on-update", "test-finding"]);
    expect(result.findings[0]?.message).toMatch(/gatekeeper-system/);
  });

  it("--exempt-namespace adds exclusions; the default exemption can be dropped", () => {
    const r = convert(singlePolicyBundle(restricted), {
      emitters: EMITTERS,
      exemptNamespaces: ["kube-system", "kube-system"],
      noDefaultExemptions: true,
    });
    expect(r.scope.excludedNamespaces).toEqual(["kube-system"]);
    expect(j(r.constraints[0]).spec.match.excludedNamespaces).toEqual(["kube-system"]);
    expect(r.findings.filter((f) => f.code === "exempt-namespace")).toHaveLength(1);
    const none = convert(singlePolicyBundle(restricted), { emitters: EMITTERS, noDefaultExemptions: true });
    expect(j(none.constraints[0]).spec.match.excludedNamespaces).toBeUndefined();
  });

  it("--enforcement-action warn/dryrun is set on constraints and reported as looser than PSP", () => {
    const r = convert(singlePolicyBundle(restricted), { emitters: EMITTERS, enforcementAction: "dryrun" });
    expect(j(r.constraints[0]).spec.enforcementAction).toBe("dryrun");
    expect(codes(r)).toContain("enforcement-not-deny");
  });

  it("a PSP that restricts nothing the emitters know gives no constraint and no template", () => {
    const r = convert(singlePolicyBundle(openSpec()), { emitters: EMITTERS });
    expect(r.status).toBe("converted");
    expect(r.templates).toEqual([]);
    expect(r.constraints).toEqual([]);
    expect(r.mutators).toEqual([]);
    expect(codes(r)).not.toContain("mutation-not-on-update");
  });
});

describe("convert: refusals (never a guess)", () => {
  it("refuses a PSP restricting a concern without an emitter, naming the concern", () => {
    const r = convert(singlePolicyBundle({ ...restricted, runAsUser: { rule: "MustRunAsNonRoot" } }), {
      emitters: EMITTERS,
    });
    expect(r.status).toBe("refused");
    expect(r.templates).toEqual([]);
    expect(r.constraints).toEqual([]);
    expect(r.mutators).toEqual([]);
    const f = r.findings.find((x) => x.code === "concern-not-emitted");
    expect(f).toMatchObject({ level: "error", concern: "run-as-user", psps: ["only"] });
  });

  it("converts several usable PSPs into policy-set constraints where pods choose between them", () => {
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        psp("b", openSpec()),
        ...clusterGrant("a", EVERY_POD),
        ...clusterGrant("b", [{ kind: "Group", name: "system:serviceaccounts:ops" }]),
      ]),
      { emitters: EMITTERS },
    );
    expect(r.status).toBe("converted");
    expect(r.psp).toBeNull();
    // ops' service accounts may use b as pods there, and as requesters (a controller-like SA) everywhere.
    expect(r.report.groups.map((g) => [g.id, g.style, g.namespaces, g.excludedNamespaces])).toEqual([
      ["default", "policy-set", "all", ["gatekeeper-system", "ops"]],
      ["ns-ops", "policy-set", ["ops"], []],
    ]);
    // In ops b admits unchanged every pod a admits, so PSP never mutates there: a's mutators skip ops.
    expect(r.mutators.map((m) => [j(m).metadata.name, j(m).spec.match.excludedNamespaces])).toEqual([
      ["a-privileged-default", ["gatekeeper-system", "ops"]],
    ]);
    expect(r.report.groups.map((g) => [g.mutators, g.mutation.exact])).toEqual([
      [["a-privileged-default"], false],
      [[], true],
    ]);
    // The choice is not exact (ops' SAs may use b anywhere as requesters): labelled pods can opt out.
    expect(j(r.mutators[0]).spec.match.labelSelector).toEqual({
      matchExpressions: [{ key: "psp2gk.io/skip-defaults", operator: "DoesNotExist" }],
    });
    const ops = j(r.constraints.find((c) => j(c).metadata.name === "policy-set-ns-ops"));
    expect(ops.spec.parameters.policies.map((p: Json) => [p.name, p.usableBy.allServiceAccounts])).toEqual([
      ["a", true],
      ["b", true],
    ]);
    const sim = new GatekeeperSimulator({ templates: r.templates, constraints: r.constraints, mutators: [] });
    const pod = (namespace: string) => ({
      metadata: { name: "p", namespace },
      spec: {
        serviceAccountName: "default",
        containers: [{ name: "c", image: "x", securityContext: { privileged: true } }],
      },
    });
    const alice = { username: "alice", groups: ["system:authenticated"] };
    // Per-field constraints of a and b would intersect and deny this pod in ops; PSP admitted it with b.
    expect(sim.reviewPod(pod("ops"), { operation: "CREATE", userInfo: alice }).allowed).toBe(true);
    expect(sim.reviewPod(pod("apps"), { operation: "CREATE", userInfo: alice }).allowed).toBe(false);
    const opsSa = {
      username: "system:serviceaccount:ops:deployer",
      groups: ["system:serviceaccounts", "system:serviceaccounts:ops"],
    };
    expect(sim.reviewPod(pod("apps"), { operation: "CREATE", userInfo: opsSa }).allowed).toBe(true);
  });

  it("a policy shadowed for the same audience is left out, and per-field stays exact", () => {
    const r = convert(
      bundleFromObjects([
        psp("a-open", openSpec()),
        psp("b", restricted),
        ...namespaceGrant("a-open", "ops", [{ kind: "Group", name: "system:serviceaccounts:ops" }]),
        ...clusterGrant("b", EVERY_POD),
      ]),
      { emitters: EMITTERS },
    );
    expect(r.report.groups.map((g) => [g.id, g.style, g.perField])).toEqual([
      ["default", "per-field", ["b"]],
      ["ns-ops", "per-field", ["a-open"]],
    ]);
    expect(r.report.groups[1]?.policies.find((p) => p.psp === "b")?.shadowedBy).toBe("a-open");
    expect(codes(r)).toContain("policy-shadowed");
  });

  it("--style per-field keeps a policy set where no PSP reaches every pod (per-field would be looser)", () => {
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        ...clusterGrant("a", [{ kind: "ServiceAccount", name: "builder", namespace: "ci" }]),
      ]),
      { emitters: EMITTERS, style: "per-field" },
    );
    expect(r.report.groups.map((g) => [g.id, g.style])).toEqual([
      ["default", "policy-set"],
      ["ns-ci", "policy-set"],
    ]);
    expect(r.findings.filter((f) => f.code === "per-field-not-exact").map((f) => f.message)).toEqual([
      expect.stringMatching(/no PSP reaches every pod .* a policy-set constraint is emitted there instead/),
      expect.stringMatching(/no PSP reaches every pod .* a policy-set constraint is emitted there instead/),
    ]);
  });

  it("namespaces that each grant their own service accounts share one group (and one constraint)", () => {
    // One ClusterRole for b, bound in each namespace to that namespace's own service accounts.
    const own = (ns: string) => namespaceGrant("b", ns, [{ kind: "Group", name: `system:serviceaccounts:${ns}` }])[1];
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        psp("b", openSpec()),
        ...clusterGrant("a", EVERY_POD),
        clusterGrant("b", [])[0],
        own("web-api"),
        own("web-blog"),
      ]),
      { emitters: EMITTERS },
    );
    expect(r.report.groups.map((g) => [g.id, g.namespaces])).toEqual([
      ["default", "all"],
      ["ns-web-api-plus-1", ["web-api", "web-blog"]],
    ]);
    const ps = j(r.constraints.find((c) => j(c).metadata.name === "policy-set-ns-web-api-plus-1"));
    expect(ps.spec.parameters.policies.find((p: Json) => p.name === "b").usableBy).toMatchObject({
      allServiceAccounts: true,
      ownNamespaceRequesters: true,
      groups: ["system:masters"],
    });
  });

  it("groups that choose the same defaults share one set of mutators", () => {
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        psp("b", openSpec()),
        ...clusterGrant("a", EVERY_POD),
        ...clusterGrant("b", [{ kind: "ServiceAccount", name: "special", namespace: "x" }]),
      ]),
      { emitters: EMITTERS },
    );
    expect(r.report.groups.map((g) => [g.id, g.mutation.psp])).toEqual([
      ["default", "a"],
      ["ns-x", "a"],
    ]);
    expect(r.mutators.map((m) => [j(m).metadata.name, j(m).spec.match.excludedNamespaces])).toEqual([
      ["a-privileged-default", ["gatekeeper-system"]],
    ]);
  });

  it("a PSP granted to one service account: a policy-set constraint admits that SA's pods only", () => {
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        ...clusterGrant("a", [{ kind: "ServiceAccount", name: "builder", namespace: "ci" }]),
      ]),
      { emitters: EMITTERS },
    );
    expect(r.status).toBe("converted");
    expect(r.report.groups.map((g) => [g.id, g.style])).toEqual([
      ["default", "policy-set"],
      ["ns-ci", "policy-set"],
    ]);
    // No PSP reaches every pod: Gatekeeper cannot write a's defaults for builder's pods only.
    expect(r.mutators).toEqual([]);
    expect(r.findings.find((f) => f.code === "mutation-ambiguity")?.psps).toEqual(["a"]);
    const sim = new GatekeeperSimulator({ templates: r.templates, constraints: r.constraints, mutators: r.mutators });
    const pod = (namespace: string, sa: string, privileged: boolean) => ({
      metadata: { name: "p", namespace },
      spec: { serviceAccountName: sa, containers: [{ name: "c", image: "x", securityContext: { privileged } }] },
    });
    const alice = { username: "alice", groups: ["system:authenticated"] };
    const review = (ns: string, sa: string, privileged: boolean, user = alice) =>
      sim.reviewPod(pod(ns, sa, privileged), { operation: "CREATE", userInfo: user }).allowed;
    expect(review("ci", "builder", false)).toBe(true);
    expect(review("ci", "builder", true)).toBe(false);
    expect(review("ci", "default", false)).toBe(false);
    expect(review("apps", "builder", false)).toBe(false);
    // The SA as requester may use a in every namespace (ClusterRoleBinding), whatever the pod's SA.
    const builder = { username: "system:serviceaccount:ci:builder", groups: ["system:serviceaccounts"] };
    expect(review("apps", "default", false, builder)).toBe(true);
  });

  it("a PSP granted only in one namespace: that namespace per-field, every other namespace denied", () => {
    const ns = convert(
      bundleFromObjects([
        psp("a", restricted),
        ...namespaceGrant("a", "team", [{ kind: "Group", name: "system:serviceaccounts" }]),
      ]),
      { emitters: EMITTERS },
    );
    expect(ns.status).toBe("converted");
    expect(ns.report.groups.map((g) => [g.id, g.style])).toEqual([
      ["default", "uncovered"],
      ["ns-team", "per-field"],
    ]);
    expect(ns.findings.find((f) => f.code === "namespace-without-usable-psp")?.level).toBe("error");
    // The default group's deny: a policy-set constraint offering a only to system:masters.
    const deny = ns.constraints.find((c) => j(c).kind === "Psp2gkPolicySet");
    expect(j(deny).spec.match.excludedNamespaces).toEqual(["gatekeeper-system", "team"]);
    expect(j(deny).spec.parameters.policies.map((p: Json) => [p.name, p.usableBy.groups])).toEqual([
      ["a", ["system:masters"]],
    ]);
  });

  it("--on-uncovered report emits nothing for namespaces without a usable PSP, and says they are unchecked", () => {
    const r = convert(
      bundleFromObjects([
        psp("a", restricted),
        ...namespaceGrant("a", "team", [{ kind: "Group", name: "system:serviceaccounts" }]),
      ]),
      { emitters: EMITTERS, onUncovered: "report" },
    );
    expect(r.constraints.map((c) => j(c).kind)).toEqual(["Psp2gkTestPrivileged"]);
    expect(r.findings.find((f) => f.code === "namespace-without-usable-psp")?.message).toMatch(/unchecked/);
  });

  it("refuses a cluster without usable PSPs", () => {
    const none = convert(bundleFromObjects([]), { emitters: EMITTERS });
    expect(none.status).toBe("refused");
    expect(codes(none)).toEqual(["no-usable-psp"]);
    const unbound = convert(bundleFromObjects([psp("a", restricted)]), { emitters: EMITTERS });
    expect(codes(unbound)).toEqual(["no-usable-psp"]);
  });

  it("refuses when an emitter reports an error (its output would be looser than PSP)", () => {
    const looser: ConcernEmitter = {
      ...fakePrivileged,
      findings: () => [{ code: "test-looser", level: "error", message: "cannot express", concern: "privileged" }],
    };
    const r = convert(singlePolicyBundle(restricted), { emitters: { ...EMITTERS, privileged: looser } });
    expect(r.status).toBe("refused");
    expect(r.constraints).toEqual([]);
    expect(codes(r)).toContain("test-looser");
  });

  it("refuses input with errors", () => {
    const bundle = singlePolicyBundle(restricted);
    bundle.diagnostics.push({ level: "error", code: "yaml-syntax", message: "bad", resource: "x" });
    const r = convert(bundle, { emitters: EMITTERS });
    expect(r.status).toBe("refused");
    expect(codes(r)).toEqual(["input-error"]);
  });

  it("ignores inert PSPs, warns about PSPs only system:masters can use, and does not count grants to system:masters", () => {
    const r = convert(
      bundleFromObjects([
        psp("only", restricted),
        psp("inert", { ...openSpec(), runAsUser: { rule: "MustRunAs" } }),
        psp("spare", openSpec()),
        ...clusterGrant("only", EVERY_POD),
        ...clusterGrant("inert", EVERY_POD).map((o) => ({ ...o, metadata: { name: `${o.metadata.name}-x` } })),
        {
          apiVersion: "rbac.authorization.k8s.io/v1",
          kind: "ClusterRoleBinding",
          metadata: { name: "masters-spare" },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "psp:only" },
          subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:masters" }],
        },
      ]),
      { emitters: EMITTERS },
    );
    expect(r.status).toBe("converted");
    expect(r.psp).toBe("only");
    expect(codes(r)).toContain("psp-inert");
    expect(codes(r)).toContain("psp-masters-only");
  });

  it("a grant to system:authenticated alone (as on EKS) is a policy set: it does not reach unauthenticated requests", () => {
    const objects = [psp("eks", restricted), ...clusterGrant("eks", [{ kind: "Group", name: "system:authenticated" }])];
    const r = convert(bundleFromObjects(objects), { emitters: EMITTERS });
    expect(r.status).toBe("converted");
    expect(r.report.groups.map((g) => g.style)).toEqual(["policy-set"]);
    const sim = new GatekeeperSimulator({ templates: r.templates, constraints: r.constraints });
    const pod = {
      metadata: { name: "p", namespace: "apps" },
      spec: {
        serviceAccountName: "default",
        containers: [{ name: "c", image: "x", securityContext: { privileged: false } }],
      },
    };
    const create = (username: string, groups: string[]) =>
      sim.reviewPod(pod, { operation: "CREATE", userInfo: { username, groups } }).allowed;
    expect(create("alice", ["system:authenticated"])).toBe(true);
    expect(create("system:anonymous", ["system:unauthenticated"])).toBe(false);
    // Forced per-field: every pod may use it, but the anonymous difference is said.
    const forced = convert(bundleFromObjects(objects), { emitters: EMITTERS, style: "per-field" });
    expect(forced.report.groups.map((g) => g.style)).toEqual(["per-field"]);
    expect(codes(forced)).toContain("authenticated-grant-only");
  });
});

describe("output layout", () => {
  const objects = [psp("only", restricted), ...clusterGrant("only", EVERY_POD)];
  const files = outputFiles(convert(bundleFromObjects(objects), { emitters: EMITTERS }));

  it("writes templates, constraints, mutations, kustomization.yaml and the report", () => {
    expect(Object.keys(files)).toEqual([
      "REPORT.md",
      "constraints/only-privileged.yaml",
      "kustomization.yaml",
      "mutations/only-privileged-default.yaml",
      "report.json",
      "templates/psp2gktestprivileged.yaml",
    ]);
    expect(files["kustomization.yaml"]).toBe(
      "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - constraints/only-privileged.yaml\n  - mutations/only-privileged-default.yaml\n  - templates/psp2gktestprivileged.yaml\n",
    );
    const report = JSON.parse(files["report.json"] as string);
    expect(report.schemaVersion).toBe("psp2gk-report/v2");
    expect(report.status).toBe("converted");
    expect(report.resources.constraints).toEqual([
      {
        kind: "Psp2gkTestPrivileged",
        name: "only-privileged",
        concern: "privileged",
        file: "constraints/only-privileged.yaml",
      },
    ]);
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({
      id: "default",
      style: "per-field",
      perField: ["only"],
      constraints: ["only-privileged"],
      mutators: ["only-privileged-default"],
      mutation: { psp: "only", exact: true },
    });
    expect(report.summary).toEqual({ error: 0, warning: 2, info: 1 });
    expect(files["REPORT.md"]).toMatch(
      /Per-field constraints \(one PSP every pod may use, nothing to choose\) in: .* \(`only`\)/,
    );
    expect(files["REPORT.md"]).toMatch(/### Warnings \(2\)/);
    expect(files["templates/psp2gktestprivileged.yaml"]).toMatch(/rego: \|/);
  });

  it("is byte-identical for the same input in any order", () => {
    const shuffled = [...objects].reverse();
    expect(outputFiles(convert(bundleFromObjects(shuffled), { emitters: EMITTERS }))).toEqual(files);
  });

  it("streams templates, constraints and mutators as one YAML stream", () => {
    const stream = outputStream(convert(bundleFromObjects(objects), { emitters: EMITTERS }));
    expect(stream.match(/^---$/gm)).toHaveLength(3);
    expect(stream.indexOf("kind: ConstraintTemplate")).toBeLessThan(stream.indexOf("kind: Psp2gkTestPrivileged"));
    expect(stream.indexOf("kind: Psp2gkTestPrivileged")).toBeLessThan(stream.indexOf("kind: Assign"));
  });
});

describe("restrictsConcern (fail closed for concerns without an emitter)", () => {
  const open = defaultPsp(psp("open", openSpec()) as PspInput) as PodSecurityPolicy;
  it("an all-open PSP restricts nothing", () => {
    for (const c of CONCERNS) expect(restrictsConcern(open, c.name), c.name).toBe(false);
  });
  const tighten: Record<string, Record<string, unknown>> = {
    capabilities: { requiredDropCapabilities: ["NET_RAW"] },
    "fs-group": { fsGroup: { rule: "MayRunAs", ranges: [{ min: 1, max: 2 }] } },
    "host-namespaces": { hostPID: false },
    "host-network-and-ports": {
      hostPorts: [
        { min: 0, max: 8000 },
        { min: 8002, max: 65535 },
      ],
    },
    "privilege-escalation": { defaultAllowPrivilegeEscalation: true },
    privileged: { privileged: false },
    "proc-mount": { allowedProcMountTypes: ["Default"] },
    "read-only-root-filesystem": { readOnlyRootFilesystem: true },
    "run-as-group": { runAsGroup: { rule: "MayRunAs", ranges: [{ min: 1, max: 2 }] } },
    "run-as-user": { runAsUser: { rule: "MustRunAsNonRoot" } },
    "runtime-class": { runtimeClass: { allowedRuntimeClassNames: ["gvisor"] } },
    selinux: { seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0" } } },
    "supplemental-groups": { supplementalGroups: { rule: "MustRunAs", ranges: [{ min: 1, max: 2 }] } },
    sysctls: { forbiddenSysctls: ["kernel.msg*"] },
    volumes: { allowedHostPaths: [{ pathPrefix: "/var/log" }] },
  };
  for (const c of CONCERNS) {
    it(`${c.name}: a restriction is seen`, () => {
      const annotations: Record<string, string> | undefined =
        c.name === "seccomp"
          ? { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "runtime/default" }
          : c.name === "apparmor"
            ? { "apparmor.security.beta.kubernetes.io/allowedProfileNames": "runtime/default" }
            : undefined;
      const spec = { ...openSpec(), ...(tighten[c.name] ?? {}) };
      const p = defaultPsp(psp("x", spec, annotations) as PspInput) as PodSecurityPolicy;
      expect(restrictsConcern(p, c.name)).toBe(true);
    });
  }
  it("seccomp: allowing * with no default restricts nothing; a default does", () => {
    const star = defaultPsp(
      psp("x", openSpec(), { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" }) as PspInput,
    ) as PodSecurityPolicy;
    expect(restrictsConcern(star, "seccomp")).toBe(false);
    const withDefault = defaultPsp(
      psp("x", openSpec(), {
        "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*",
        "seccomp.security.alpha.kubernetes.io/defaultProfileName": "runtime/default",
      }) as PspInput,
    ) as PodSecurityPolicy;
    expect(restrictsConcern(withDefault, "seccomp")).toBe(true);
  });
});
