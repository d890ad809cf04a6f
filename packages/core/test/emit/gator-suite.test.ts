/**
 * The gator suite of a real conversion (golden/h-single-restricted: one `restricted` PSP), checked
 * two ways: every assertion holds when our simulator reviews the case as `gator verify` would
 * (template + constraint of the test, expansion with the suite's expansion.yaml for Deployments),
 * and every expectation is what the PSP engine decides for the case's pod.
 */
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { convert } from "../../src/convert/convert.js";
import { gatorSuite, type SuiteInput } from "../../src/emit/gator-suite.js";
import { POLICY_SET_KIND, policySetParameters, policySetTemplate } from "../../src/emit/policy-set/index.js";
import { buildTemplate } from "../../src/emit/template.js";
import { toYaml } from "../../src/emit/yaml-out.js";
import { GatekeeperSimulator } from "../../src/gatekeeper/index.js";
import { bundleFromObjects, loadInputs } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit } from "../../src/psp/admit.js";
import { allowAll } from "../../src/psp/authorizer.js";
import { resolveRbac } from "../../src/rbac/index.js";

type Obj = Record<string, unknown>;
interface Assertion {
  violations?: string | number;
  message?: string;
}
interface SuiteCase {
  name: string;
  object: string;
  assertions: Assertion[];
}
interface SuiteTest {
  name: string;
  template: string;
  constraint: string;
  expansion?: string;
  cases: SuiteCase[];
}

const INPUT = new URL("../../../../golden/h-single-restricted/input/cluster.yaml", import.meta.url);
const inputObjects = (parse(readFileSync(INPUT, "utf8")) as { items: unknown[] }).items;

function conversion(objects: readonly unknown[]) {
  const bundle = bundleFromObjects(objects);
  const result = convert(bundle);
  return { bundle, result, suite: gatorSuite(result, bundle) };
}

/** gator's reading of a file: YAML 1.1 (Go), one or more documents. */
function readDocs(text: string): Obj[] {
  return parseAllDocuments(text, { version: "1.1" }).map((d) => d.toJS() as Obj);
}

/** gator's assertion semantics (pkg/gator/verify/assertion.go): count messages matching `message`. */
function assertionHolds(a: Assertion, messages: readonly string[]): boolean {
  const re = a.message ? new RegExp(a.message) : undefined;
  const n = messages.filter((m) => !re || re.test(m)).length;
  const want = a.violations ?? "yes";
  if (want === "yes") return n > 0;
  if (want === "no") return n === 0;
  return n === Number(want);
}

/** The pod a case object stands for: the Pod, or a workload's pod template in its namespace. */
function podOf(object: Obj): Pod {
  const meta = object.metadata as Obj;
  if (object.kind === "Pod") return object as unknown as Pod;
  const template = (object.spec as Obj).template as Obj;
  return { ...(template as unknown as Pod), metadata: { ...(template.metadata as Obj), namespace: meta.namespace } };
}

interface Fixture {
  bundle: Bundle;
  result: SuiteInput;
  files: Record<string, string>;
  tests: SuiteTest[];
  header: string;
  /** A file the suite points at (relative to it), as gator reads it. */
  load(relative: string): Obj[];
  /** The PSP engine's decision for a case's pod (the reference the suite's expectations follow). */
  pspAdmits(pod: Pod, test: SuiteTest): boolean;
}

/** A per-field conversion: each constraint stands for the one PSP of the input. */
function fixture(objects: readonly unknown[]): Fixture {
  const { bundle, result } = conversion(objects);
  const psp = bundle.psps[0]?.object;
  if (!psp) throw new Error("no PSP");
  return fixtureFrom(
    bundle,
    result,
    (pod) => admit(pod, { operation: "create" }, { psps: [psp], authorizer: allowAll }).allowed,
  );
}

function fixtureFrom(bundle: Bundle, result: SuiteInput, pspAdmits: (pod: Pod, test: SuiteTest) => boolean): Fixture {
  const files = gatorSuite(result, bundle);
  // What `convert -o DIR` writes next to the suite: the templates and constraints it points at.
  const written = new Map(Object.entries(files));
  for (const t of result.templates) written.set(`templates/${(t.metadata as Obj).name}.yaml`, toYaml(t));
  for (const c of result.constraints) written.set(`constraints/${(c.metadata as Obj).name}.yaml`, toYaml(c));
  const suiteText = files["tests/suite.yaml"] ?? "";
  const suite = readDocs(suiteText)[0] as { apiVersion: string; kind: string; tests: SuiteTest[] };
  expect([suite.apiVersion, suite.kind]).toEqual(["test.gatekeeper.sh/v1alpha1", "Suite"]);
  const load = (relative: string): Obj[] => {
    const path = posix.normalize(posix.join("tests", relative));
    const text = written.get(path);
    if (text === undefined) throw new Error(`the suite points at ${path}, which is not written`);
    return readDocs(text);
  };
  return {
    bundle,
    result,
    files,
    tests: suite.tests,
    header: suiteText.slice(0, suiteText.indexOf("apiVersion:")),
    load,
    pspAdmits,
  };
}

/**
 * The checks every generated suite must pass. `denyOnly`: constraints no example can pass (no policy
 * usable by a service account in what they match), which must say so in the header.
 */
function describeSuiteChecks(get: () => Fixture, denyOnly: readonly string[] = []): void {
  it("every assertion holds when our simulator reviews the case as gator verify does", () => {
    const { tests, load } = get();
    let checked = 0;
    for (const t of tests) {
      const [template] = load(t.template);
      const [constraint] = load(t.constraint);
      const expansion = t.expansion ? load(t.expansion) : [];
      const sim = new GatekeeperSimulator({
        templates: [template],
        constraints: [constraint],
        mutators: expansion.filter((o) => o.kind !== "ExpansionTemplate"),
        expansionTemplates: expansion.filter((o) => o.kind === "ExpansionTemplate"),
      });
      for (const c of t.cases) {
        const objects = load(c.object);
        expect(objects).toHaveLength(1);
        const review = sim.reviewObject(objects[0], { expand: t.expansion !== undefined });
        const messages = review.violations.flatMap((v) => v.messages);
        for (const a of c.assertions) {
          expect({
            test: t.name,
            case: c.name,
            assertion: a,
            holds: assertionHolds(a, messages),
            messages,
          }).toMatchObject({
            holds: true,
          });
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it("every expectation is the PSP engine's decision for the case's pod", () => {
    const { tests, load, pspAdmits } = get();
    for (const t of tests) {
      for (const c of t.cases) {
        const admitted = pspAdmits(podOf(load(c.object)[0] as Obj), t);
        expect({ case: `${t.name}/${c.name}`, violations: c.assertions[0]?.violations }).toEqual({
          case: `${t.name}/${c.name}`,
          violations: admitted ? "no" : "yes",
        });
      }
    }
  });

  it("has one test per constraint, each with cases PSP admits and cases it denies", () => {
    const { tests, result } = get();
    expect(tests.map((t) => t.name).sort()).toEqual(
      result.constraints.map((c) => String((c.metadata as Obj).name)).sort(),
    );
    for (const t of tests) {
      const wants = new Set(t.cases.map((c) => String(c.assertions[0]?.violations)));
      const expected = denyOnly.includes(t.name) ? ["yes"] : ["no", "yes"];
      expect([t.name, [...wants].sort()]).toEqual([t.name, expected]);
      if (denyOnly.includes(t.name)) expect(get().header).toContain(`# - ${t.name}: no case shows `);
    }
  });
}

describe("gatorSuite on golden/h-single-restricted", () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture(inputObjects);
  });
  describeSuiteChecks(() => f);

  it("puts cases that need PSP's defaults behind a Deployment and the suite's expansion file", () => {
    const capabilities = f.tests.find((t) => t.name === "restricted-capabilities");
    expect(capabilities?.expansion).toBe("expansion.yaml");
    const minimal = capabilities?.cases.find((c) => c.name === "minimal-pod-deployment");
    expect(minimal?.assertions).toEqual([{ violations: "no" }]);
    expect(f.load(minimal?.object ?? "")[0]?.kind).toBe("Deployment");
    const expansion = f.load("expansion.yaml");
    expect(expansion.map((o) => o.kind).filter((k) => k === "ExpansionTemplate")).toHaveLength(2);
    expect(expansion.filter((o) => o.kind !== "ExpansionTemplate")).toEqual(f.result.mutators);
    // Tests whose cases are all Pods do not need (or name) the expansion file.
    expect(f.tests.find((t) => t.name === "restricted-privileged")?.expansion).toBeUndefined();
  });

  it("tests boundaries from the policy's own fields", () => {
    const cases = (name: string) => f.tests.find((t) => t.name === name)?.cases.map((c) => c.name) ?? [];
    // fsGroup MustRunAs 1-65535: both edges and one past each.
    expect(cases("restricted-fs-group")).toEqual(
      expect.arrayContaining(["fs-group-0", "fs-group-1", "fs-group-65535", "fs-group-65536"]),
    );
    expect(cases("restricted-volumes")).toEqual(expect.arrayContaining(["volumes-configmap", "volumes-hostpath"]));
    expect(cases("restricted-privileged")).toEqual(expect.arrayContaining(["privileged-true", "privileged-false"]));
  });

  it("lists the candidates it left out, with the reason, in the suite's header comment", () => {
    // The AppArmor default is the known stricter-than-PSP approximation: PSP defaults the annotation,
    // Gatekeeper cannot, so the bare pod is refused even through a Deployment.
    expect(f.header).toMatch(/^# - restricted-apparmor\/minimal-pod: PSP admits; the constraint alone reports /m);
    for (const line of f.header.split("\n")) expect(line === "" || line.startsWith("#")).toBe(true);
    for (const t of f.tests) {
      for (const c of t.cases) expect(f.header).not.toContain(`${t.name}/${c.name}:`);
    }
  });

  it("is deterministic: same bytes for the same input, in any order", () => {
    expect(conversion(inputObjects).suite).toEqual(f.files);
    expect(conversion([...inputObjects].reverse()).suite).toEqual(f.files);
  });

  it("converts", () => {
    expect((f.result as ReturnType<typeof convert>).status).toBe("converted");
  });

  it("names a constraint without PSPs, or without a template, in the header instead of guessing", () => {
    const policySet = {
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind: "Psp2gkPolicySet",
      metadata: { name: "shop-policies" },
      spec: { parameters: { policies: [] } },
    };
    const policySetTemplate = {
      apiVersion: "templates.gatekeeper.sh/v1",
      kind: "ConstraintTemplate",
      metadata: { name: "psp2gkpolicyset" },
      spec: { crd: { spec: { names: { kind: "Psp2gkPolicySet" } } } },
    };
    const orphan = { ...policySet, kind: "Psp2gkUnknown", metadata: { name: "orphan" } };
    const out = gatorSuite(
      {
        ...f.result,
        templates: [...f.result.templates, policySetTemplate],
        constraints: [...f.result.constraints, policySet, orphan],
      },
      f.bundle,
    );
    const text = out["tests/suite.yaml"] ?? "";
    expect(text).toContain("# - shop-policies: no cases: it names no PSP");
    expect(text).toContain("# - orphan: no cases: no ConstraintTemplate defines kind Psp2gkUnknown");
    expect(out["tests/restricted-privileged/privileged-true.yaml"]).toBe(
      f.files["tests/restricted-privileged/privileged-true.yaml"],
    );
  });

  it("writes nothing when nothing converted", () => {
    expect(gatorSuite({ templates: [], constraints: [], mutators: [] }, f.bundle)).toEqual({});
  });
});

/** A PSP that restricts every concern with ranges, lists and prefixes (not one of the goldens). */
const mixedPsp = {
  apiVersion: "policy/v1beta1",
  kind: "PodSecurityPolicy",
  metadata: { name: "mixed", annotations: { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" } },
  spec: {
    privileged: false,
    hostNetwork: true,
    hostPorts: [{ min: 8000, max: 8100 }],
    volumes: ["hostPath", "flexVolume", "csi", "configMap", "secret", "emptyDir"],
    allowedHostPaths: [{ pathPrefix: "/var/log", readOnly: true }, { pathPrefix: "/data" }],
    allowedFlexVolumes: [{ driver: "example/lvm" }],
    allowedCSIDrivers: [{ name: "csi.example.com" }],
    allowedCapabilities: ["NET_BIND_SERVICE"],
    requiredDropCapabilities: ["NET_RAW"],
    runAsUser: { rule: "MustRunAs", ranges: [{ min: 1000, max: 2000 }] },
    runAsGroup: { rule: "MayRunAs", ranges: [{ min: 100, max: 200 }] },
    seLinux: { rule: "MustRunAs", seLinuxOptions: { level: "s0:c1,c2" } },
    fsGroup: { rule: "MayRunAs", ranges: [{ min: 10, max: 20 }] },
    supplementalGroups: { rule: "RunAsAny" },
    readOnlyRootFilesystem: true,
    allowedUnsafeSysctls: ["net.core.*"],
    forbiddenSysctls: ["kernel.shm_rmid_forced"],
    allowedProcMountTypes: ["Default"],
    runtimeClass: { allowedRuntimeClassNames: ["gvisor"], defaultRuntimeClassName: "gvisor" },
  },
};
const everyoneMayUse = [
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "psp-use" },
    rules: [{ apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"] }],
  },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "psp-use" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "psp-use" },
    subjects: [
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:serviceaccounts" },
      { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "system:authenticated" },
    ],
  },
];

describe("gatorSuite on a PSP with ranges, host paths, flex and CSI drivers, sysctl patterns", () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture([mixedPsp, ...everyoneMayUse]);
  });
  describeSuiteChecks(() => f);

  it("probes each edge of each range and list the policy names", () => {
    const want = (test: string, cases: Record<string, string>) => {
      const got = Object.fromEntries(
        (f.tests.find((t) => t.name === test)?.cases ?? []).map((c) => [c.name, String(c.assertions[0]?.violations)]),
      );
      expect(got).toMatchObject(cases);
    };
    want("mixed-host-network-and-ports", {
      "host-port-7999": "yes",
      "host-port-8000": "no",
      "host-port-8100": "no",
      "host-port-8101": "yes",
    });
    want("mixed-volumes", {
      "volumes-host-path-inside-var-log-data": "no",
      "volumes-host-path-writable-var-log-data": "yes",
      "volumes-host-path-outside-etc": "yes",
      "volumes-flex-example-lvm": "no",
      "volumes-flex-other": "yes",
      "volumes-csi-csi-example-com": "no",
      "volumes-csi-other": "yes",
      "volumes-nfs": "yes",
    });
    want("mixed-run-as-group", { "run-as-group-99": "yes", "run-as-group-100": "no", "run-as-group-201": "yes" });
    want("mixed-sysctls", { "sysctls-kernel-shm-rmid-forced": "yes", "sysctls-net-core-msgmax": "no" });
    want("mixed-runtime-class", { "runtime-class-gvisor": "no", "runtime-class-other-runtime": "yes" });
  });
});

/**
 * A PSP that admits no bare pod and defaults none of what it requires: profile lists without defaults
 * (seccomp localhost, AppArmor), a runtime-class list without a default.
 */
const lockedPsp = {
  apiVersion: "policy/v1beta1",
  kind: "PodSecurityPolicy",
  metadata: {
    name: "locked",
    annotations: {
      "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "localhost/profiles/app.json",
      "apparmor.security.beta.kubernetes.io/allowedProfileNames": "localhost/app-armor",
    },
  },
  spec: {
    privileged: false,
    allowPrivilegeEscalation: false,
    requiredDropCapabilities: ["ALL"],
    volumes: ["configMap", "emptyDir"],
    runAsUser: { rule: "MustRunAs", ranges: [{ min: 5000, max: 6000 }] },
    runAsGroup: { rule: "MustRunAs", ranges: [{ min: 500, max: 600 }] },
    seLinux: { rule: "RunAsAny" },
    fsGroup: { rule: "MustRunAs", ranges: [{ min: 700, max: 800 }] },
    supplementalGroups: { rule: "MayRunAs", ranges: [{ min: 900, max: 950 }] },
    readOnlyRootFilesystem: true,
    runtimeClass: { allowedRuntimeClassNames: ["kata"] },
  },
};

describe("gatorSuite on a PSP that admits no bare pod (lists without defaults)", () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture([lockedPsp, ...everyoneMayUse]);
  });
  describeSuiteChecks(() => f);

  it("builds the baseline from the policy's fields, and the engine admits it", () => {
    const seccomp = f.tests.find((t) => t.name === "locked-seccomp");
    const got = Object.fromEntries((seccomp?.cases ?? []).map((c) => [c.name, String(c.assertions[0]?.violations)]));
    expect(got).toMatchObject({ "minimal-pod": "yes", "compliant-pod": "no", "seccomp-runtime-default": "yes" });
    const compliant = seccomp?.cases.find((c) => c.name === "compliant-pod");
    const pod = f.load(compliant?.object ?? "")[0] as unknown as Pod;
    expect(pod.metadata.annotations).toMatchObject({
      "seccomp.security.alpha.kubernetes.io/pod": "localhost/profiles/app.json",
      "container.apparmor.security.beta.kubernetes.io/app": "localhost/app-armor",
    });
    expect(pod.spec.securityContext).toMatchObject({
      seccompProfile: { type: "Localhost", localhostProfile: "profiles/app.json" },
      runAsUser: 5000,
      runAsGroup: 500,
      fsGroup: 700,
      supplementalGroups: [900],
    });
    expect(pod.spec.runtimeClassName).toBe("kata");
    expect(pod.spec.containers[0]?.securityContext).toMatchObject({
      capabilities: { drop: ["ALL"] },
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
    });
    // The variants start from that baseline: only the varied field makes the difference.
    const groups = Object.fromEntries(
      (f.tests.find((t) => t.name === "locked-run-as-group")?.cases ?? []).map((c) => [
        c.name,
        String(c.assertions[0]?.violations),
      ]),
    );
    expect(groups).toMatchObject({ "run-as-group-500": "no", "run-as-group-600": "no", "run-as-group-601": "yes" });
    expect(f.header).not.toContain("no cases:");
  });
});

/**
 * A policy set: `restricted` for every service account, `open` (privileged, host namespaces, any
 * volume) only for service account `builder` in psp2gk-examples. The examples run as `default`, so
 * only `restricted` counts for them, in the engine (RBAC) and in the constraint (usableBy) alike.
 */
describe("gatorSuite on a policy-set constraint", () => {
  const restrictedSpec = {
    privileged: false,
    allowPrivilegeEscalation: false,
    volumes: ["configMap", "secret", "emptyDir"],
    runAsUser: { rule: "MustRunAsNonRoot" },
    seLinux: { rule: "RunAsAny" },
    fsGroup: { rule: "RunAsAny" },
    supplementalGroups: { rule: "RunAsAny" },
  };
  const openSpec = {
    ...restrictedSpec,
    privileged: true,
    allowPrivilegeEscalation: true,
    hostPID: true,
    volumes: ["*"],
    runAsUser: { rule: "RunAsAny" },
  };
  const seccompAny = { "seccomp.security.alpha.kubernetes.io/allowedProfileNames": "*" };
  const pspObj = (name: string, spec: Obj) => ({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name, annotations: seccompAny },
    spec,
  });
  const rb = "rbac.authorization.k8s.io";
  const objects = [
    pspObj("restricted", restrictedSpec),
    pspObj("open", openSpec),
    ...["restricted", "open"].map((name) => ({
      apiVersion: `${rb}/v1`,
      kind: "ClusterRole",
      metadata: { name: `use-${name}` },
      rules: [{ apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"], resourceNames: [name] }],
    })),
    {
      apiVersion: `${rb}/v1`,
      kind: "ClusterRoleBinding",
      metadata: { name: "use-restricted" },
      roleRef: { apiGroup: rb, kind: "ClusterRole", name: "use-restricted" },
      subjects: [{ apiGroup: rb, kind: "Group", name: "system:serviceaccounts" }],
    },
    {
      apiVersion: `${rb}/v1`,
      kind: "RoleBinding",
      metadata: { name: "use-open", namespace: "psp2gk-examples" },
      roleRef: { apiGroup: rb, kind: "ClusterRole", name: "use-open" },
      subjects: [{ kind: "ServiceAccount", name: "builder", namespace: "psp2gk-examples" }],
    },
  ];
  let f: Fixture;
  beforeAll(() => {
    const bundle = bundleFromObjects(objects);
    const psps = bundle.psps.map((l) => l.object);
    const byName = (n: string) => psps.find((p) => p.metadata.name === n) as (typeof psps)[number];
    const none = { users: [], groups: [] };
    const constraint = {
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind: POLICY_SET_KIND,
      metadata: { name: "examples-policy-set" },
      spec: {
        match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["psp2gk-examples"] },
        parameters: policySetParameters([
          { psp: byName("restricted"), usableBy: { allServiceAccounts: true, serviceAccounts: [], ...none } },
          { psp: byName("open"), usableBy: { allServiceAccounts: false, serviceAccounts: ["builder"], ...none } },
        ]),
      },
    };
    const rbac = resolveRbac(bundle);
    f = fixtureFrom(
      bundle,
      { templates: [buildTemplate(policySetTemplate())], constraints: [constraint], mutators: [] },
      (pod) => admit(pod, { operation: "create" }, { psps, authorizer: rbac.authorizer }).allowed,
    );
  });
  describeSuiteChecks(() => f);

  it("starts default's cases from the policies default may use, judged for default", () => {
    const got = Object.fromEntries((f.tests[0]?.cases ?? []).map((c) => [c.name, String(c.assertions[0]?.violations)]));
    // Variants of restricted's baseline; `open` would admit the first three, but `default` may not use it.
    expect(got).toMatchObject({
      "restricted-privileged-true": "yes",
      "restricted-host-namespaces-host-pid": "yes",
      "restricted-volumes-hostpath": "yes",
      "restricted-volumes-configmap": "no",
      "restricted-privileged-false": "no",
    });
    // No baseline from `open` for default: it may not use it.
    expect(Object.keys(got).filter((n) => n.startsWith("open-"))).toEqual([]);
  });

  it("adds the service account the policies name, with cases from every policy it may use", () => {
    const cases = f.tests[0]?.cases ?? [];
    const got = Object.fromEntries(cases.map((c) => [c.name, String(c.assertions[0]?.violations)]));
    // builder may use `open`: the same pods are admitted for it.
    expect(got).toMatchObject({
      "sa-builder-minimal-pod": "no",
      "sa-builder-open-privileged-true": "no",
      "sa-builder-open-host-namespaces-host-pid": "no",
      "sa-builder-restricted-privileged-false": "no",
    });
    const builder = cases.find((c) => c.name === "sa-builder-open-privileged-true");
    if (!builder) throw new Error("no case for service account builder");
    expect((f.load(builder.object)[0]?.spec as Obj | undefined)?.serviceAccountName).toBe("builder");
    // Every policy is usable by one of the examples' accounts: nothing to report as not shown.
    expect(f.header).not.toContain("no case shows");
  });
});

/**
 * A policy set whose second policy only a requesting group may use: gator reviews without a user, so
 * no case can show it, and the suite says so.
 */
describe("gatorSuite on a policy set with a requester-only policy", () => {
  it("names the policies no example service account may use", () => {
    const rb = "rbac.authorization.k8s.io";
    const spec = {
      privileged: false,
      allowPrivilegeEscalation: false,
      volumes: ["configMap"],
      runAsUser: { rule: "RunAsAny" },
      seLinux: { rule: "RunAsAny" },
      fsGroup: { rule: "RunAsAny" },
      supplementalGroups: { rule: "RunAsAny" },
    };
    const objects = [
      { apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", metadata: { name: "apps" }, spec },
      {
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: { name: "oncall" },
        spec: { ...spec, privileged: true, allowPrivilegeEscalation: true },
      },
      ...["apps", "oncall"].map((name) => ({
        apiVersion: `${rb}/v1`,
        kind: "ClusterRole",
        metadata: { name: `use-${name}` },
        rules: [{ apiGroups: ["policy"], resources: ["podsecuritypolicies"], verbs: ["use"], resourceNames: [name] }],
      })),
      ...[
        ["apps", "system:serviceaccounts"],
        ["oncall", "sre"],
      ].map(([name, group]) => ({
        apiVersion: `${rb}/v1`,
        kind: "ClusterRoleBinding",
        metadata: { name: `use-${name}` },
        roleRef: { apiGroup: rb, kind: "ClusterRole", name: `use-${name}` },
        subjects: [{ apiGroup: rb, kind: "Group", name: group }],
      })),
    ];
    const bundle = bundleFromObjects(objects);
    const psps = bundle.psps.map((l) => l.object);
    const byName = (n: string) => psps.find((p) => p.metadata.name === n) as (typeof psps)[number];
    const none = { serviceAccounts: [], users: [] };
    const constraint = {
      apiVersion: "constraints.gatekeeper.sh/v1beta1",
      kind: POLICY_SET_KIND,
      metadata: { name: "oncall-set" },
      spec: {
        match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], namespaces: ["psp2gk-examples"] },
        parameters: policySetParameters([
          { psp: byName("apps"), usableBy: { allServiceAccounts: true, groups: [], ...none } },
          { psp: byName("oncall"), usableBy: { allServiceAccounts: false, groups: ["sre"], ...none } },
        ]),
      },
    };
    const files = gatorSuite(
      { templates: [buildTemplate(policySetTemplate())], constraints: [constraint], mutators: [] },
      bundle,
    );
    const text = files["tests/suite.yaml"] ?? "";
    expect(text).toContain(
      "# - oncall-set: no case shows oncall: service account default may not use them in psp2gk-examples (gator has no requesting user)",
    );
    // Only default (no account is named): every case name comes from `apps` or the bare pod.
    const suite = readDocs(text)[0] as { tests: SuiteTest[] };
    const names = suite.tests[0]?.cases.map((c) => c.name) ?? [];
    expect(names.length).toBeGreaterThan(5);
    for (const n of names) expect(n === "minimal-pod" || n.startsWith("apps-")).toBe(true);
  });
});

/**
 * A whole cluster as `convert -f DIR` reads it. The PSP engine judges each case with the policies its
 * test's constraint stands for: the one PSP of a per-field constraint (usable by anyone it matches), or
 * the PSPs a policy set lists, as the cluster's RBAC grants them to the case pod's service account.
 */
async function clusterFixture(dir: string): Promise<Fixture> {
  const bundle = await loadInputs([new URL(`../../../../${dir}`, import.meta.url).pathname]);
  const result = convert(bundle);
  const rbac = resolveRbac(bundle);
  const pspByName = new Map(bundle.psps.map((l) => [l.object.metadata.name, l.object]));
  const byName = (n: string) => {
    const psp = pspByName.get(n);
    if (!psp) throw new Error(`PSP ${n} not loaded`);
    return psp;
  };
  const constraintOf = (t: SuiteTest) =>
    result.constraints.find((c) => t.constraint === `../constraints/${(c.metadata as Obj).name}.yaml`) as Obj;
  const fixture = fixtureFrom(bundle, result, (pod, t) => {
    const constraint = constraintOf(t);
    const annotations = (constraint.metadata as Obj).annotations as Record<string, string>;
    if (constraint.kind !== POLICY_SET_KIND) {
      const psp = byName(annotations["psp2gk.io/psp"] as string);
      return admit(pod, { operation: "create" }, { psps: [psp], authorizer: allowAll }).allowed;
    }
    const listed = ((constraint.spec as Obj).parameters as { policies: { name: string }[] }).policies;
    const psps = listed.map((p) => byName(p.name));
    return admit(pod, { operation: "create" }, { psps, authorizer: rbac.authorizer }).allowed;
  });
  return fixture;
}

describe("gatorSuite on examples/cluster (restricted admits no bare pod: seccomp list without a default)", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await clusterFixture("examples/cluster");
  });
  describeSuiteChecks(() => f);

  it("starts restricted's cases from the pod built from its fields", () => {
    const seccomp = f.tests.find((t) => t.name === "restricted-seccomp");
    const compliant = seccomp?.cases.find((c) => c.name === "compliant-pod");
    expect(compliant?.assertions).toEqual([{ violations: "no" }]);
    const pod = f.load(compliant?.object ?? "")[0] as unknown as Pod;
    // The first allowed profile (docker/default), as annotation and as the field the API server syncs.
    expect(pod.metadata.annotations?.["seccomp.security.alpha.kubernetes.io/pod"]).toBe("docker/default");
    expect(pod.spec.securityContext?.seccompProfile).toEqual({ type: "RuntimeDefault" });
    expect(pod.spec.containers[0]?.securityContext?.capabilities?.drop).toEqual(["ALL"]);
    // Variants of that baseline at the policy's boundaries.
    const got = Object.fromEntries((seccomp?.cases ?? []).map((c) => [c.name, String(c.assertions[0]?.violations)]));
    expect(got).toMatchObject({ "seccomp-runtime-default": "no", "seccomp-unconfined": "yes" });
    const fsGroup = Object.fromEntries(
      (f.tests.find((t) => t.name === "restricted-fs-group")?.cases ?? []).map((c) => [
        c.name,
        String(c.assertions[0]?.violations),
      ]),
    );
    expect(fsGroup).toMatchObject({ "fs-group-1": "no", "fs-group-65535": "no", "fs-group-65536": "yes" });
  });

  it("no longer leaves a constraint without cases", () => {
    expect(f.header).not.toContain("no cases:");
  });
});

describe("gatorSuite on golden/k-thirty-namespaces-six-psps (policy sets over six PSPs)", () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await clusterFixture("golden/k-thirty-namespaces-six-psps/input");
  });
  // `policy-set` covers namespaces where only requesting users and groups may use a PSP.
  describeSuiteChecks(() => f, ["policy-set"]);

  it("uses a service account the policies name, besides default", () => {
    const monitoring = f.tests.find((t) => t.name === "policy-set-ns-monitoring");
    const got = Object.fromEntries((monitoring?.cases ?? []).map((c) => [c.name, String(c.assertions[0]?.violations)]));
    // node-exporter may use hostnetwork (host network, host ports 9100-9400); default may not.
    expect(got).toMatchObject({
      "sa-node-exporter-hostnetwork-host-port-9100": "no",
      "sa-node-exporter-hostnetwork-host-port-9401": "yes",
      "restricted-host-network-true": "yes",
    });
    expect(Object.keys(got).some((n) => n.startsWith("hostnetwork-"))).toBe(false);
  });

  it("says which policies no case can show", () => {
    expect(f.header).toMatch(
      /^# - policy-set: no case shows baseline, hostnetwork, privileged, restricted, sre-break-glass: /m,
    );
    expect(f.header).not.toContain("no cases:");
  });
});
