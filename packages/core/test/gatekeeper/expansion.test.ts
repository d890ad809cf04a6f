import { describe, expect, it } from "vitest";
import {
  compileExpansionTemplate,
  compileExpansionTemplates,
  compileMutators,
  expandObject,
  GatekeeperInputError,
  GatekeeperSimulator,
} from "../../src/gatekeeper/index.js";
import { assign, constraint, template } from "./helpers.js";

const nonRootTemplate = template("K8sTestNonRoot", {
  variables: [
    {
      name: "rootContainers",
      expression:
        "variables.anyObject.spec.containers.filter(c, !has(c.securityContext) || !has(c.securityContext.runAsNonRoot) || !c.securityContext.runAsNonRoot).map(c, c.name)",
    },
  ],
  validations: [
    {
      expression: "size(variables.rootContainers) == 0",
      messageExpression: '"containers may run as root: " + variables.rootContainers.join(", ")',
    },
  ],
});
/** Fails for requests outside admission (Gatekeeper leaves operation and user empty there). */
const admissionOnlyTemplate = template("K8sTestAdmission", {
  validations: [{ expression: 'request.operation != ""', message: "reviewed outside admission" }],
});
const podKinds = { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] };
const nonRoot = (name = "non-root", spec: Record<string, unknown> = {}) =>
  constraint("K8sTestNonRoot", name, { match: podKinds, ...spec });

function expansionTemplate(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "expansion.gatekeeper.sh/v1alpha1",
    kind: "ExpansionTemplate",
    metadata: { name },
    spec: {
      applyTo: [{ groups: ["apps"], kinds: ["Deployment"], versions: ["v1"] }],
      templateSource: "spec.template",
      generatedGVK: { group: "", version: "v1", kind: "Pod" },
      ...spec,
    },
  };
}
const expandDeployments = expansionTemplate("expand-deployments");

function deployment(podSpec: Record<string, unknown>, name = "web"): Record<string, unknown> {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "apps" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: podSpec },
    },
  };
}
const rootSpec = { containers: [{ name: "app" }] };
const defaultNonRoot = (source?: string) =>
  assign(
    `default-non-root${source ? `-${source.toLowerCase()}` : ""}`,
    "spec.containers[name: *].securityContext.runAsNonRoot",
    { assign: { value: true } },
    source ? { match: { source } } : {},
  );
const user = { username: "alice", groups: ["system:authenticated"] };

describe("compileExpansionTemplate refuses what Gatekeeper's ValidateTemplate refuses", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["an empty name", { ...expandDeployments, metadata: { name: "" } }, "metadata.name"],
    ["a 64-character name", { ...expandDeployments, metadata: { name: "x".repeat(64) } }, "metadata.name"],
    ["an empty templateSource", expansionTemplate("t", { templateSource: "" }), "spec.templateSource"],
    ["an empty generatedGVK", expansionTemplate("t", { generatedGVK: {} }), "spec.generatedGVK"],
    ["no applyTo", expansionTemplate("t", { applyTo: [] }), "spec.applyTo"],
    [
      "an applyTo covering its own output",
      expansionTemplate("t", { applyTo: [{ groups: [""], kinds: ["Pod"], versions: ["v1"] }] }),
      "spec.applyTo",
    ],
  ];
  for (const [what, obj, path] of cases) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        compileExpansionTemplate(obj);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GatekeeperInputError);
      expect((error as GatekeeperInputError).path).toBe(path);
    });
  }

  it("accepts a 63-character name and refuses two templates of one name", () => {
    expect(compileExpansionTemplate(expansionTemplate("x".repeat(63))).name).toHaveLength(63);
    expect(() => compileExpansionTemplates([expandDeployments, expansionTemplate("expand-deployments")])).toThrow(
      /is defined twice/,
    );
  });
});

describe("expandObject", () => {
  const templates = compileExpansionTemplates([expandDeployments]);

  it("builds the mock pod: source field, generated GVK, parent namespace, <parent>-<kind> name, owner reference", () => {
    const out = expandObject(deployment(rootSpec, "Web"), { templates, mutators: [] });
    expect(out).toEqual({
      resultants: [
        {
          template: "expand-deployments",
          object: {
            apiVersion: "v1",
            kind: "Pod",
            metadata: {
              labels: { app: "Web" },
              namespace: "apps",
              name: "web-pod",
              ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "Web" }],
            },
            spec: rootSpec,
          },
        },
      ],
    });
  });

  it("takes the namespace from the request's Namespace object when there is one", () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "other" } };
    const out = expandObject(deployment(rootSpec), { templates, mutators: [], namespace: ns });
    expect("resultants" in out && out.resultants[0]?.object.metadata).toMatchObject({ namespace: "other" });
  });

  it("does not expand kinds the template does not apply to", () => {
    const job = { ...deployment(rootSpec), apiVersion: "batch/v1", kind: "Job" };
    expect(expandObject(job, { templates, mutators: [] })).toEqual({ resultants: [] });
  });

  it("fails when the source field is missing", () => {
    const broken = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: {} };
    expect(expandObject(broken, { templates, mutators: [] })).toEqual({
      error: 'could not find source field "spec.template" in resource web',
    });
  });

  it("expands generated objects again; children come before their parent", () => {
    const cronToJob = expansionTemplate("cron-to-job", {
      applyTo: [{ groups: ["batch"], kinds: ["CronJob"], versions: ["v1"] }],
      templateSource: "spec.jobTemplate",
      generatedGVK: { group: "batch", version: "v1", kind: "Job" },
    });
    const jobToPod = expansionTemplate("job-to-pod", {
      applyTo: [{ groups: ["batch"], kinds: ["Job"], versions: ["v1"] }],
    });
    const cron = {
      apiVersion: "batch/v1",
      kind: "CronJob",
      metadata: { name: "nightly", namespace: "apps" },
      spec: { jobTemplate: { spec: { template: { spec: rootSpec } } } },
    };
    const out = expandObject(cron, { templates: compileExpansionTemplates([jobToPod, cronToJob]), mutators: [] });
    if (!("resultants" in out)) throw new Error(out.error);
    expect(
      out.resultants.map((r) => [r.template, r.object.kind, (r.object.metadata as { name: string }).name]),
    ).toEqual([
      ["job-to-pod", "Pod", "nightly-job-pod"],
      ["cron-to-job", "Job", "nightly-job"],
    ]);
  });

  it("runs Generated and All mutators on the mock pod, never Original ones", () => {
    const mutators = compileMutators([defaultNonRoot("Original")]);
    const out = expandObject(deployment(rootSpec), { templates, mutators });
    expect("resultants" in out && out.resultants[0]?.object.spec).toEqual(rootSpec);
    for (const source of ["Generated", "All", undefined]) {
      const m = compileMutators([defaultNonRoot(source)]);
      const r = expandObject(deployment(rootSpec), { templates, mutators: m });
      expect("resultants" in r && r.resultants[0]?.object.spec).toEqual({
        containers: [{ name: "app", securityContext: { runAsNonRoot: true } }],
      });
    }
  });

  it("fails the expansion when a mutator fails on the mock pod", () => {
    const bad = assign("bad", "spec.containers.securityContext", { assign: { value: 1 } });
    const out = expandObject(deployment({ containers: "not-a-list" }), { templates, mutators: compileMutators([bad]) });
    expect(out).toEqual({ error: expect.stringMatching(/^failed to mutate resultant resource web-pod: /) });
  });
});

describe("match.source", () => {
  it("mutators without source (All) mutate real pods too; Generated ones do not", () => {
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "apps" }, spec: rootSpec };
    for (const [source, mutated] of [
      [undefined, true],
      ["All", true],
      ["Original", true],
      ["Generated", false],
    ] as const) {
      const sim = new GatekeeperSimulator({ templates: [], constraints: [], mutators: [defaultNonRoot(source)] });
      const r = sim.reviewPod(pod, { operation: "CREATE", userInfo: user });
      expect(r.mutations.length > 0).toBe(mutated);
    }
  });

  it("a Generated constraint checks only mock pods, an Original one only real objects", () => {
    const sim = new GatekeeperSimulator({
      templates: [nonRootTemplate],
      constraints: [
        nonRoot("generated", { match: { ...podKinds, source: "Generated" } }),
        nonRoot("original", { match: { ...podKinds, source: "Original" } }),
      ],
      expansionTemplates: [expandDeployments],
    });
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: rootSpec };
    expect(sim.reviewPod(pod, { operation: "CREATE", userInfo: user }).violations.map((v) => v.constraint)).toEqual([
      "K8sTestNonRoot/original",
    ]);
    const w = sim.reviewWorkload(deployment(rootSpec), { operation: "CREATE", userInfo: user });
    expect(w.violations.map((v) => v.constraint)).toEqual(["K8sTestNonRoot/generated"]);
  });

  it("refuses an unknown source", () => {
    expect(
      () =>
        new GatekeeperSimulator({
          templates: [nonRootTemplate],
          constraints: [nonRoot("x", { match: { source: "Mock" } })],
        }),
    ).toThrow(/spec\.match\.source: must be Original, Generated or All/);
  });
});

describe("reviewWorkload", () => {
  const policies = {
    templates: [nonRootTemplate],
    constraints: [nonRoot()],
    expansionTemplates: [expandDeployments],
  };

  it("rejects a Deployment whose pods violate a constraint, with Gatekeeper's prefix", () => {
    const r = new GatekeeperSimulator(policies).reviewWorkload(deployment(rootSpec), {
      operation: "CREATE",
      userInfo: user,
    });
    expect(r.allowed).toBe(false);
    expect(r.violations).toEqual([
      {
        constraint: "K8sTestNonRoot/non-root",
        enforcementAction: "deny",
        blocks: true,
        messages: ["[Implied by expand-deployments] containers may run as root: app"],
        impliedBy: "expand-deployments",
      },
    ]);
    expect(r.generated.map((g) => g.template)).toEqual(["expand-deployments"]);
  });

  it("admits it when the mutators (source All) default the mock pod into compliance", () => {
    const sim = new GatekeeperSimulator({ ...policies, mutators: [defaultNonRoot()] });
    const r = sim.reviewWorkload(deployment(rootSpec), { operation: "CREATE", userInfo: user });
    expect(r.allowed).toBe(true);
    expect(r.violations).toEqual([]);
    // The Deployment itself is not changed: the Pod mutator does not apply to it.
    expect(r.mutations).toEqual([]);
  });

  it("without an ExpansionTemplate the Deployment passes (PSP's behaviour: only its pods fail)", () => {
    const sim = new GatekeeperSimulator({ ...policies, expansionTemplates: [] });
    expect(sim.reviewWorkload(deployment(rootSpec), { operation: "CREATE", userInfo: user }).allowed).toBe(true);
  });

  it("the template's enforcementAction replaces the constraint's", () => {
    const sim = new GatekeeperSimulator({
      ...policies,
      expansionTemplates: [expansionTemplate("expand-deployments", { enforcementAction: "warn" })],
    });
    const r = sim.reviewWorkload(deployment(rootSpec), { operation: "CREATE", userInfo: user });
    expect(r.allowed).toBe(true);
    expect(r.violations.map((v) => [v.enforcementAction, v.blocks])).toEqual([["warn", false]]);
  });

  it("reviews the mock pod outside admission: no operation, no user", () => {
    const sim = new GatekeeperSimulator({
      templates: [admissionOnlyTemplate],
      constraints: [constraint("K8sTestAdmission", "admission", { match: podKinds })],
      expansionTemplates: [expandDeployments],
    });
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: rootSpec };
    expect(sim.reviewPod(pod, { operation: "CREATE", userInfo: user }).allowed).toBe(true);
    const r = sim.reviewWorkload(deployment(rootSpec), { operation: "CREATE", userInfo: user });
    expect(r.violations.flatMap((v) => v.messages)).toEqual([
      "[Implied by expand-deployments] reviewed outside admission",
    ]);
  });

  it("denies when expansion fails, and does not expand on DELETE or in an exempt namespace", () => {
    const sim = new GatekeeperSimulator({ ...policies, exemptNamespaces: ["kube-system"] });
    const broken = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "apps" },
      spec: {},
    };
    const r = sim.reviewWorkload(broken, { operation: "CREATE", userInfo: user });
    expect(r.allowed).toBe(false);
    expect(r.expansionError).toBe(
      'unable to expand object: could not find source field "spec.template" in resource web',
    );
    const del = sim.reviewWorkload(deployment(rootSpec), {
      operation: "DELETE",
      userInfo: user,
      oldPod: deployment(rootSpec),
      validateDeletes: true,
    });
    expect([del.allowed, del.generated]).toEqual([true, []]);
    const exempt = sim.reviewWorkload(deployment(rootSpec), {
      operation: "CREATE",
      userInfo: user,
      namespace: "kube-system",
    });
    expect([exempt.allowed, exempt.generated]).toEqual([true, []]);
  });
});

describe("reviewObject (gator verify)", () => {
  it("expands only when asked, and never mutates the object itself", () => {
    const sim = new GatekeeperSimulator({
      templates: [nonRootTemplate],
      constraints: [nonRoot()],
      mutators: [defaultNonRoot()],
      expansionTemplates: [expandDeployments],
    });
    const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "apps" }, spec: rootSpec };
    // gator runs no mutators on a Pod case: the root pod is reported although a mutator would fix it.
    expect(sim.reviewObject(pod).violations).toHaveLength(1);
    expect(sim.reviewObject(deployment(rootSpec)).violations).toEqual([]);
    const expanded = sim.reviewObject(deployment(rootSpec), { expand: true });
    expect([expanded.allowed, expanded.violations, expanded.generated.length]).toEqual([true, [], 1]);
    const withoutMutator = new GatekeeperSimulator({
      templates: [nonRootTemplate],
      constraints: [nonRoot()],
      expansionTemplates: [expandDeployments],
    }).reviewObject(deployment(rootSpec), { expand: true });
    expect(withoutMutator.allowed).toBe(false);
    expect(withoutMutator.violations[0]?.messages).toEqual([
      "[Implied by expand-deployments] containers may run as root: app",
    ]);
  });
});
