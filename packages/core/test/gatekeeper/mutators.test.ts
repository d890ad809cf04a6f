import { describe, expect, it } from "vitest";
import {
  compileMutators,
  formatLocation,
  GatekeeperInputError,
  parseLocation,
  runMutationSystem,
} from "../../src/gatekeeper/index.js";
import { assign, assignMetadata, modifySet, namespace, pod } from "./helpers.js";

const POD = { group: "", version: "v1", kind: "Pod" };
const run = (mutators: unknown[], p: Record<string, unknown>, ns?: Record<string, unknown>) =>
  runMutationSystem(compileMutators(mutators), p, ns ? { gvk: POD, namespace: ns } : { gvk: POD });
const spec = (o: Record<string, unknown>) => o.spec as Record<string, unknown>;

describe("parseLocation", () => {
  it("parses fields, keyed and globbed list steps, and quoted keys", () => {
    expect(parseLocation("spec.containers[name: app].securityContext")).toEqual([
      { type: "object", key: "spec" },
      { type: "object", key: "containers" },
      { type: "list", keyField: "name", glob: false, keyValue: "app" },
      { type: "object", key: "securityContext" },
    ]);
    expect(parseLocation("spec.containers[name:*].image")[2]).toEqual({ type: "list", keyField: "name", glob: true });
    const key = "container.apparmor.security.beta.kubernetes.io/app";
    expect(parseLocation(`metadata.annotations."${key}"`)[2]).toEqual({ type: "object", key });
    expect(formatLocation(parseLocation(`metadata.annotations.'${key}'`))).toBe(`metadata.annotations."${key}"`);
  });

  it.each(["", "spec.", "spec..x", "spec.containers[name]", "spec/x", "spec.containers[name: a"])(
    "refuses %j",
    (text) => {
      expect(() => parseLocation(text)).toThrowError();
    },
  );
});

describe("Assign", () => {
  const runAsNonRoot = assign("non-root", "spec.containers[name: *].securityContext.runAsNonRoot", {
    assign: { value: true },
  });

  it("sets a field inside every existing container, creating missing parents there", () => {
    const r = run(
      [runAsNonRoot],
      pod({ containers: [{ name: "a" }, { name: "b", securityContext: { privileged: false } }] }),
    );
    expect(r.status).toBe("mutated");
    expect(spec(r.object).containers).toEqual([
      { name: "a", securityContext: { runAsNonRoot: true } },
      { name: "b", securityContext: { privileged: false, runAsNonRoot: true } },
    ]);
    expect(r.records).toEqual([
      {
        mutator: "Assign/non-root",
        iteration: 1,
        changes: [
          { path: "spec.containers[name: a].securityContext", after: { runAsNonRoot: true } },
          { path: "spec.containers[name: b].securityContext.runAsNonRoot", after: true },
        ],
      },
    ]);
  });

  it("never creates a list element through a glob, nor the missing list itself", () => {
    const init = assign("init", "spec.initContainers[name: *].securityContext.runAsNonRoot", {
      assign: { value: true },
    });
    const input = pod({ containers: [{ name: "a" }] });
    const r = run([init], input);
    expect(r.status).toBe("unchanged");
    expect(r.object).toBe(input);
    expect(spec(r.object).initContainers).toBeUndefined();
  });

  it("appends a keyed element when missing, unless a MustExist path test forbids it", () => {
    const loc = "spec.containers[name: sidecar].imagePullPolicy";
    const created = run([assign("pull", loc, { assign: { value: "Always" } })], pod({ containers: [{ name: "a" }] }));
    expect(spec(created.object).containers).toEqual([{ name: "a" }, { name: "sidecar", imagePullPolicy: "Always" }]);
    const guarded = assign("pull", loc, {
      assign: { value: "Always" },
      pathTests: [{ subPath: "spec.containers[name: sidecar]", condition: "MustExist" }],
    });
    expect(run([guarded], pod({ containers: [{ name: "a" }] })).status).toBe("unchanged");
    const present = run([guarded], pod({ containers: [{ name: "sidecar" }] }));
    expect(spec(present.object).containers).toEqual([{ name: "sidecar", imagePullPolicy: "Always" }]);
  });

  it("defaults only absent fields with a MustNotExist path test (PSP-style defaulting)", () => {
    const defaulting = assign("default-ape", "spec.containers[name: *].securityContext.allowPrivilegeEscalation", {
      assign: { value: false },
      pathTests: [
        { subPath: "spec.containers[name: *].securityContext.allowPrivilegeEscalation", condition: "MustNotExist" },
      ],
    });
    const r = run(
      [defaulting],
      pod({ containers: [{ name: "a" }, { name: "b", securityContext: { allowPrivilegeEscalation: true } }] }),
    );
    expect(spec(r.object).containers).toEqual([
      { name: "a", securityContext: { allowPrivilegeEscalation: false } },
      { name: "b", securityContext: { allowPrivilegeEscalation: true } },
    ]);
  });

  it("replaces a whole keyed element when the location ends in a list step", () => {
    const value = { name: "a", image: "nginx:2" };
    const r = run(
      [assign("whole", "spec.containers[name: a]", { assign: { value } })],
      pod({ containers: [{ name: "a", image: "nginx:1" }] }),
    );
    expect(spec(r.object).containers).toEqual([value]);
  });

  it("assigns from metadata", () => {
    const r = run(
      [assign("ns-label", "spec.nodeSelector.ns", { assign: { fromMetadata: { field: "namespace" } } })],
      pod({ containers: [] }),
    );
    expect(spec(r.object).nodeSelector).toEqual({ ns: "apps" });
  });

  it("honours legacy assignIf in/notIn against the current value", () => {
    const loc = "spec.dnsPolicy";
    const onlyFrom = assign("in", loc, { assign: { value: "None" }, assignIf: { in: ["Default"] } });
    expect(spec(run([onlyFrom], pod({ containers: [], dnsPolicy: "Default" })).object).dnsPolicy).toBe("None");
    expect(spec(run([onlyFrom], pod({ containers: [], dnsPolicy: "ClusterFirst" })).object).dnsPolicy).toBe(
      "ClusterFirst",
    );
    expect(run([onlyFrom], pod({ containers: [] })).status).toBe("unchanged");
    const notFrom = assign("notin", loc, { assign: { value: "None" }, assignIf: { notIn: ["ClusterFirst"] } });
    expect(spec(run([notFrom], pod({ containers: [] })).object).dnsPolicy).toBe("None");
    expect(run([notFrom], pod({ containers: [], dnsPolicy: "ClusterFirst" })).status).toBe("unchanged");
  });

  it("respects applyTo and match", () => {
    const deployOnly = assign(
      "d",
      "spec.x",
      { assign: { value: 1 } },
      { applyTo: [{ groups: ["apps"], versions: ["v1"], kinds: ["Deployment"] }] },
    );
    expect(run([deployOnly], pod({ containers: [] })).status).toBe("unchanged");
    const otherNs = assign("n", "spec.x", { assign: { value: 1 } }, { match: { namespaces: ["kube-*"] } });
    expect(run([otherNs], pod({ containers: [] })).status).toBe("unchanged");
    const generated = assign("g", "spec.x", { assign: { value: 1 } }, { match: { source: "Generated" } });
    expect(run([generated], pod({ containers: [] })).status).toBe("unchanged");
  });

  it("skips (and reports) a mutator whose namespaceSelector needs an unknown Namespace", () => {
    const selected = assign(
      "sel",
      "spec.x",
      { assign: { value: 1 } },
      { match: { namespaceSelector: { matchLabels: { a: "b" } } } },
    );
    const unknown = run([selected], pod({ containers: [] }));
    expect(unknown.status).toBe("unchanged");
    expect(unknown.skipped).toEqual([expect.stringMatching(/^Assign\/sel: .*Namespace apps, which is not known/)]);
    expect(run([selected], pod({ containers: [] }), namespace("apps", { a: "b" })).status).toBe("mutated");
  });

  it("is refused for locations and values Gatekeeper refuses", () => {
    const bad = [
      assign("m", "metadata.labels.x", { assign: { value: "v" } }),
      assign("k", "spec.containers[name: a].name", { assign: { value: "b" } }),
      assign("v", "spec.containers[name: a]", { assign: { value: { name: "b" } } }),
      assign("g", "spec.containers[name: *]", { assign: { value: { name: "b" } } }),
      assign("p", "spec.x", { assign: { value: 1 }, pathTests: [{ subPath: "spec.y", condition: "MustExist" }] }),
      assign("two", "spec.x", { assign: { value: 1, fromMetadata: { field: "name" } } }),
      {
        ...assign("noapply", "spec.x", { assign: { value: 1 } }),
        spec: { location: "spec.x", parameters: { assign: { value: 1 } } },
      },
    ];
    for (const m of bad) expect(() => compileMutators([m]), JSON.stringify(m)).toThrowError(GatekeeperInputError);
    expect(() => compileMutators([{ kind: "AssignImage", metadata: { name: "i" } }])).toThrowError(
      /unsupported mutator kind/,
    );
  });

  it("reports a location that does not fit the object as a mutation error, leaving the pod unmutated", () => {
    const input = pod({ containers: [{ name: "a" }] });
    const r = run([assign("x", "spec.containers.image", { assign: { value: "x" } })], input);
    expect(r.status).toBe("error");
    expect(r.error).toMatch(/Assign\/x failed at spec\.containers\.image: .*expected an object .*found a list/);
    expect(r.object).toBe(input);
  });
});

describe("AssignMetadata", () => {
  const key = "container.apparmor.security.beta.kubernetes.io/app";

  it("adds an annotation whose key has dots and slashes", () => {
    const r = run([assignMetadata("aa", `metadata.annotations."${key}"`, "runtime/default")], pod({ containers: [] }));
    expect((r.object.metadata as Record<string, unknown>).annotations).toEqual({ [key]: "runtime/default" });
  });

  it("never changes an existing key", () => {
    const input = pod({ containers: [] }, { annotations: { [key]: "unconfined" } });
    const r = run([assignMetadata("aa", `metadata.annotations."${key}"`, "runtime/default")], input);
    expect(r.status).toBe("unchanged");
  });

  it("is refused outside labels/annotations and for non-string values", () => {
    expect(() => compileMutators([assignMetadata("a", "metadata.name", "x")])).toThrowError(/metadata\.labels\.<key>/);
    expect(() => compileMutators([assignMetadata("a", "metadata.labels.x", 1)])).toThrowError(/must be a string/);
  });
});

describe("ModifySet", () => {
  const drop = (operation: string, values: unknown[]) =>
    modifySet(`drop-${operation}`, "spec.containers[name: *].securityContext.capabilities.drop", {
      operation,
      values: { fromList: values },
    });

  it("merges values missing from the list, keeps order, and is idempotent", () => {
    const input = pod({
      containers: [{ name: "a", securityContext: { capabilities: { drop: ["NET_RAW"] } } }, { name: "b" }],
    });
    const once = run([drop("merge", ["ALL", "NET_RAW"])], input);
    const containers = spec(once.object).containers as Record<string, unknown>[];
    expect(containers.map((c) => c.securityContext)).toEqual([
      { capabilities: { drop: ["NET_RAW", "ALL"] } },
      { capabilities: { drop: ["ALL", "NET_RAW"] } },
    ]);
    expect(run([drop("merge", ["ALL", "NET_RAW"])], once.object).status).toBe("unchanged");
  });

  it("prunes values, leaving an empty list, and is idempotent", () => {
    const input = pod({
      containers: [{ name: "a", securityContext: { capabilities: { drop: ["ALL"], add: ["X"] } } }],
    });
    const once = run([drop("prune", ["ALL"])], input);
    expect((spec(once.object).containers as unknown[])[0]).toEqual({
      name: "a",
      securityContext: { capabilities: { drop: [], add: ["X"] } },
    });
    expect(run([drop("prune", ["ALL"])], once.object).status).toBe("unchanged");
  });

  it("creates missing parents even when a prune has nothing to remove (as Gatekeeper does)", () => {
    const r = run([drop("prune", ["ALL"])], pod({ containers: [{ name: "a" }] }));
    expect((spec(r.object).containers as unknown[])[0]).toEqual({ name: "a", securityContext: { capabilities: {} } });
  });

  it("fails on a non-list value and is refused with a keyed-list last step", () => {
    const r = run(
      [drop("merge", ["ALL"])],
      pod({ containers: [{ name: "a", securityContext: { capabilities: { drop: "ALL" } } }] }),
    );
    expect(r.status).toBe("error");
    expect(() =>
      compileMutators([modifySet("x", "spec.containers[name: a]", { values: { fromList: [] } })]),
    ).toThrowError(/cannot be a keyed list/);
  });
});

describe("the mutation system", () => {
  it("orders mutators by kind then name, so the later Assign of one field wins", () => {
    const a = assign("a-first", "spec.priorityClassName", { assign: { value: "low" } });
    const b = assign("b-second", "spec.priorityClassName", { assign: { value: "high" } });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const r = run(order, pod({ containers: [] }));
      expect(spec(r.object).priorityClassName).toBe("high");
      expect(r.records.map((x) => x.mutator)).toEqual(["Assign/a-first", "Assign/b-second"]);
    }
    expect(
      compileMutators([
        modifySet("a", "spec.x", { values: { fromList: [] } }),
        assignMetadata("a", "metadata.labels.a", "x"),
        b,
      ]).map((m) => m.kind),
    ).toEqual(["Assign", "AssignMetadata", "ModifySet"]);
  });

  it("runs further passes when one mutator enables another", () => {
    // Assign runs before ModifySet; only on pass 2 does it find the securityContext ModifySet made.
    const needsParent = assign("z", "spec.securityContext.runAsNonRoot", {
      assign: { value: true },
      pathTests: [{ subPath: "spec.securityContext", condition: "MustExist" }],
    });
    const makesParent = modifySet("m", "spec.securityContext.supplementalGroups", { values: { fromList: [1000] } });
    const r = run([needsParent, makesParent], pod({ containers: [] }));
    expect(spec(r.object).securityContext).toEqual({ supplementalGroups: [1000], runAsNonRoot: true });
    expect(r.records.map((x) => `${x.iteration}:${x.mutator}`)).toEqual(["1:ModifySet/m", "2:Assign/z"]);
  });

  it("does not converge when a ModifySet keeps re-adding an element an Assign changed", () => {
    // A real trap for emitted mutators: merge compares whole elements, so {key: a} is missing again
    // after the Assign added `effect` to it.
    const effect = assign("z", "spec.tolerations[key: a].effect", { assign: { value: "NoSchedule" } });
    const add = modifySet("m", "spec.tolerations", { values: { fromList: [{ key: "a" }] } });
    const r = run([effect, add], pod({ containers: [] }));
    expect(r.status).toBe("error");
    expect(r.error).toMatch(/not converging/);
  });

  it("reports mutators that keep undoing each other as not converging", () => {
    const v = "spec.v";
    const flip = [
      assign("a", v, { assign: { value: "t" }, assignIf: { in: ["0"] } }),
      assign("b", v, { assign: { value: "0" }, assignIf: { in: ["1"] } }),
      assign("c", v, { assign: { value: "1" }, assignIf: { in: ["t"] } }),
    ];
    const input = pod({ containers: [], v: "0" });
    const r = run(flip, input);
    expect(r.status).toBe("error");
    expect(r.error).toBe("mutation not converging after 4 passes");
    expect(r.object).toBe(input);
  });
});
