import { describe, expect, it } from "vitest";
import { GatekeeperInputError, GatekeeperSimulator, reviewPod } from "../../src/gatekeeper/index.js";
import { assign, constraint, namespace, pod, template } from "./helpers.js";

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
const defaultNonRoot = assign("default-non-root", "spec.containers[name: *].securityContext.runAsNonRoot", {
  assign: { value: true },
  pathTests: [{ subPath: "spec.containers[name: *].securityContext.runAsNonRoot", condition: "MustNotExist" }],
});
const user = { username: "system:serviceaccount:apps:default", groups: ["system:serviceaccounts"] };
const rootPod = pod({ containers: [{ name: "app" }] });

describe("reviewPod", () => {
  it("denies a pod that violates a deny constraint", () => {
    const r = reviewPod(rootPod, {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "non-root")],
      operation: "CREATE",
      userInfo: user,
    });
    expect(r.allowed).toBe(false);
    expect(r.violations).toEqual([
      {
        constraint: "K8sTestNonRoot/non-root",
        enforcementAction: "deny",
        blocks: true,
        messages: ["containers may run as root: app"],
      },
    ]);
  });

  it("validates the mutated pod: the defaulting mutator makes it pass, and the change is recorded", () => {
    const r = reviewPod(rootPod, {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "non-root")],
      mutators: [defaultNonRoot],
      operation: "CREATE",
      userInfo: user,
    });
    expect(r.allowed).toBe(true);
    expect(r.violations).toEqual([]);
    expect(r.mutatedPod.spec).toEqual({ containers: [{ name: "app", securityContext: { runAsNonRoot: true } }] });
    expect(r.mutations.map((m) => m.mutator)).toEqual(["Assign/default-non-root"]);
    expect(rootPod.spec).toEqual({ containers: [{ name: "app" }] });
  });

  it("records but does not block warn and dryrun violations", () => {
    const r = reviewPod(rootPod, {
      templates: [nonRootTemplate],
      constraints: [
        constraint("K8sTestNonRoot", "b-warn", { enforcementAction: "warn" }),
        constraint("K8sTestNonRoot", "a-dry", { enforcementAction: "dryrun" }),
      ],
      operation: "CREATE",
      userInfo: user,
    });
    expect(r.allowed).toBe(true);
    expect(r.violations.map((v) => `${v.constraint}:${v.enforcementAction}:${v.blocks}`)).toEqual([
      "K8sTestNonRoot/a-dry:dryrun:false",
      "K8sTestNonRoot/b-warn:warn:false",
    ]);
  });

  it("blocks a scoped constraint only when deny is scoped to the validation webhook", () => {
    const scoped = (points: string[]) =>
      constraint("K8sTestNonRoot", "s", {
        enforcementAction: "scoped",
        scopedEnforcementActions: [{ action: "deny", enforcementPoints: points.map((name) => ({ name })) }],
      });
    const review = (c: unknown) =>
      reviewPod(rootPod, { templates: [nonRootTemplate], constraints: [c], operation: "CREATE", userInfo: user });
    expect(review(scoped(["validation.gatekeeper.sh"])).allowed).toBe(false);
    expect(review(scoped(["audit.gatekeeper.sh"])).allowed).toBe(true);
  });

  it("ignores constraints whose match excludes the pod's namespace (globs)", () => {
    const r = reviewPod(rootPod, {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "c", { match: { excludedNamespaces: ["app*"] } })],
      operation: "CREATE",
      userInfo: user,
    });
    expect(r.allowed).toBe(true);
  });

  it("rejects, with a clear message, when a namespaceSelector needs an unknown Namespace", () => {
    const c = constraint("K8sTestNonRoot", "c", { match: { namespaceSelector: { matchLabels: { strict: "yes" } } } });
    const safe = pod({ containers: [{ name: "app", securityContext: { runAsNonRoot: true } }] });
    const base = { templates: [nonRootTemplate], constraints: [c], operation: "CREATE" as const, userInfo: user };
    const unknown = reviewPod(safe, base);
    expect(unknown.allowed).toBe(false);
    expect(unknown.violations[0]?.messages[0]).toMatch(/Namespace apps, which is not known/);
    expect(reviewPod(safe, { ...base, namespaces: [namespace("apps", { strict: "yes" })] }).allowed).toBe(true);
    expect(reviewPod(rootPod, { ...base, namespaces: [namespace("apps", { strict: "no" })] }).allowed).toBe(true);
  });

  it("skips namespaces exempted by flag (both webhooks) or Config (per process)", () => {
    const base = {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "c")],
      mutators: [defaultNonRoot],
      operation: "CREATE" as const,
      userInfo: user,
    };
    const flag = reviewPod(rootPod, { ...base, exemptNamespaces: ["apps"] });
    expect(flag).toMatchObject({ allowed: true, mutations: [], violations: [] });
    expect(flag.notes[0]).toMatch(/--exempt-namespace/);
    const config = {
      kind: "Config",
      metadata: { name: "config" },
      spec: { match: [{ excludedNamespaces: ["apps"], processes: ["mutation-webhook"] }] },
    };
    const noMutation = reviewPod(rootPod, { ...base, config });
    expect(noMutation.mutations).toEqual([]);
    expect(noMutation.allowed).toBe(false);
  });

  it("does not mutate on DELETE and only validates DELETE when delete operations are enabled", () => {
    const base = {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "c")],
      mutators: [defaultNonRoot],
      operation: "DELETE" as const,
      userInfo: user,
      oldPod: rootPod,
    };
    const plain = reviewPod(rootPod, base);
    expect(plain).toMatchObject({ allowed: true, mutations: [], violations: [] });
    const enabled = reviewPod(rootPod, { ...base, validateDeletes: true });
    expect(enabled.allowed).toBe(false);
    expect(enabled.mutations).toEqual([]);
  });

  it("mutates and validates on UPDATE", () => {
    const r = reviewPod(rootPod, {
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "c")],
      mutators: [defaultNonRoot],
      operation: "UPDATE",
      oldPod: rootPod,
      userInfo: user,
    });
    expect(r.mutations).toHaveLength(1);
    expect(r.allowed).toBe(true);
  });

  it("admits unmutated on a mutation failure (failurePolicy Ignore) and denies with Fail", () => {
    const broken = assign("broken", "spec.containers.image", { assign: { value: "x" } });
    const base = { templates: [], constraints: [], mutators: [broken], operation: "CREATE" as const, userInfo: user };
    const ignore = reviewPod(rootPod, base);
    expect(ignore.allowed).toBe(true);
    expect(ignore.mutationError).toMatch(/Assign\/broken/);
    expect(ignore.mutatedPod.spec).toEqual(rootPod.spec);
    expect(reviewPod(rootPod, { ...base, mutationFailurePolicy: "Fail" }).allowed).toBe(false);
  });

  it("sets the request namespace on the pod before admission", () => {
    const r = reviewPod(pod({ containers: [] }, { namespace: undefined }), {
      templates: [],
      constraints: [],
      operation: "CREATE",
      userInfo: user,
      namespace: "team-a",
    });
    expect((r.mutatedPod.metadata as Record<string, unknown>).namespace).toBe("team-a");
  });
});

describe("GatekeeperSimulator refuses bad policy objects with the object and field", () => {
  it("names a constraint without a template, a bad enforcement action and duplicates", () => {
    const sim = (constraints: unknown[]) => () =>
      new GatekeeperSimulator({ templates: [nonRootTemplate], constraints });
    expect(sim([constraint("K8sMissing", "c")])).toThrowError(
      "K8sMissing/c kind: no ConstraintTemplate defines kind K8sMissing",
    );
    expect(sim([constraint("K8sTestNonRoot", "c", { enforcementAction: "block" })])).toThrowError(
      /K8sTestNonRoot\/c spec\.enforcementAction/,
    );
    expect(sim([constraint("K8sTestNonRoot", "c"), constraint("K8sTestNonRoot", "c")])).toThrowError(/defined twice/);
    expect(sim([constraint("K8sTestNonRoot", "c", { match: { kinds: "Pod" } })])).toThrowError(GatekeeperInputError);
  });

  it("reviews many pods with one compiled simulator", () => {
    const sim = new GatekeeperSimulator({
      templates: [nonRootTemplate],
      constraints: [constraint("K8sTestNonRoot", "c")],
    });
    const results = Array.from({ length: 200 }, (_, i) =>
      sim.reviewPod(pod({ containers: [{ name: `c${i}`, securityContext: { runAsNonRoot: i % 2 === 0 } }] }), {
        operation: "CREATE",
        userInfo: user,
      }),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(100);
  });
});
