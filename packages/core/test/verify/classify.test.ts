/** Classification of one request and the finding that explains it (classify.ts), on hand-made outcomes. */
import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/findings.js";
import type { Pod } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { classify, constraintConcernsOf } from "../../src/verify/classify.js";
import type { GatekeeperOutcome } from "../../src/verify/replay.js";

const pod = (runAsUser?: number): Pod => ({
  metadata: { name: "p" },
  spec: { containers: [{ name: "c", ...(runAsUser !== undefined ? { securityContext: { runAsUser } } : {}) }] },
});

const engine = (allowed: boolean, p: Pod = pod()): AdmissionResult => ({
  allowed,
  psp: allowed ? "x" : null,
  pod: p,
  mutations: {},
  errors: {},
  trace: [],
  ...(allowed ? {} : { message: "PodSecurityPolicy: unable to admit pod: [nope]" }),
});

const gk = (allowed: boolean, extra: Partial<GatekeeperOutcome> = {}): GatekeeperOutcome => ({
  allowed,
  reasons: allowed ? [] : ["Psp2gkRunAsUser/x-run-as-user: UID 0"],
  violations: allowed
    ? []
    : [{ constraint: "Psp2gkRunAsUser/x-run-as-user", enforcementAction: "deny", blocks: true, messages: ["UID 0"] }],
  mutations: [],
  pod: pod(),
  notes: [],
  ...(allowed ? {} : { deniedBy: "constraints" as const }),
  ...extra,
});

const finding = (code: string, level: Finding["level"], concern?: string, objects?: string[]): Finding => ({
  code,
  level,
  message: code,
  ...(concern ? { concern } : {}),
  ...(objects ? { objects } : {}),
});

const facts = (findings: Finding[]) => ({
  findings,
  constraintConcerns: new Map([["Psp2gkRunAsUser/x-run-as-user", "run-as-user"]]),
});
const create = { operation: "create" as const, namespace: "ns" };

describe("classify", () => {
  it("both admit the same effective pod, or both deny: agree", () => {
    expect(classify(engine(true), gk(true), create, facts([]))).toEqual({ kind: "agree", differences: [] });
    expect(classify(engine(false), gk(false), create, facts([]))).toEqual({ kind: "agree", differences: [] });
  });

  it("Gatekeeper admits what PSP denies: a security regression, unexplained without an error finding", () => {
    const c = classify(engine(false), gk(true), create, facts([finding("w", "warning", "run-as-user")]));
    expect(c.kind).toBe("security-regression");
    expect(c.differences).toHaveLength(1);
    expect(c.differences[0]?.description).toMatch(/^Gatekeeper admits, PSP denies \(PodSecurityPolicy: unable/);
    expect(c.differences[0]?.explainedBy).toBeUndefined();
  });

  it("a security regression is explained by an error finding", () => {
    const error = finding("looser", "error");
    expect(classify(engine(false), gk(true), create, facts([error])).differences[0]?.explainedBy).toBe(error);
  });

  it("a security regression in an exempt namespace is explained by the exempt-namespace finding naming it", () => {
    const exempt = finding("exempt-namespace", "warning", undefined, ["Namespace/ns"]);
    const other = finding("exempt-namespace", "warning", undefined, ["Namespace/elsewhere"]);
    expect(classify(engine(false), gk(true), create, facts([other, exempt])).differences[0]?.explainedBy).toBe(exempt);
    expect(classify(engine(false), gk(true), create, facts([other])).differences[0]?.explainedBy).toBeUndefined();
  });

  it("a warn-only violation that lets the pod in is explained by enforcement-not-deny", () => {
    const notDeny = finding("enforcement-not-deny", "warning");
    const warned = gk(true, {
      violations: [
        { constraint: "Psp2gkRunAsUser/x-run-as-user", enforcementAction: "warn", blocks: false, messages: ["m"] },
      ],
    });
    expect(classify(engine(false), warned, create, facts([notDeny])).differences[0]?.explainedBy).toBe(notDeny);
  });

  it("Gatekeeper denies what PSP admits: availability regression, explained by a warning of the refusing constraint's concern", () => {
    const mine = finding("stricter", "warning", "run-as-user");
    const c = classify(engine(true), gk(false), create, facts([finding("s", "warning", "seccomp"), mine]));
    expect(c.kind).toBe("availability-regression");
    expect(c.differences[0]?.explainedBy).toBe(mine);
    // An info finding of that concern does not explain a refusal.
    const info = classify(engine(true), gk(false), create, facts([finding("i", "info", "run-as-user")]));
    expect(info.differences[0]?.explainedBy).toBeUndefined();
  });

  it("an UPDATE refused for mutating the immutable spec is explained by a mutation-not-on-update warning", () => {
    const immutable = gk(false, { deniedBy: "immutable-spec", violations: [], reasons: ["immutable"] });
    const warning = finding("mutation-not-on-update", "warning", "fs-group");
    const update = { operation: "update" as const, namespace: "ns" };
    expect(classify(engine(true), immutable, update, facts([warning])).differences[0]?.explainedBy).toBe(warning);
  });

  it("both admit a CREATE with different effective values: a mutation difference per field, explained by its concern", () => {
    const runAsUser = finding("wider", "info", "run-as-user");
    const c = classify(engine(true, pod(1)), gk(true, { pod: pod(2) }), create, facts([runAsUser]));
    expect(c.kind).toBe("mutation-difference");
    expect(c.differences).toEqual([{ description: "containers[0].runAsUser: 1 ≠ 2", explainedBy: runAsUser }]);
    // mutation-not-on-update is about UPDATE, never a CREATE's values.
    const onUpdate = finding("mutation-not-on-update", "warning", "run-as-user");
    const unexplained = classify(engine(true, pod(1)), gk(true, { pod: pod(2) }), create, facts([onUpdate]));
    expect(unexplained.differences[0]?.explainedBy).toBeUndefined();
  });

  it("in an exempt namespace Gatekeeper leaves the pod alone: its differences are explained by exempt-namespace", () => {
    const exempt = finding("exempt-namespace", "warning", undefined, ["Namespace/ns"]);
    const c = classify(engine(true, pod(1)), gk(true, { pod: pod(2) }), create, facts([exempt]));
    expect(c.differences[0]?.explainedBy).toBe(exempt);
    // Once a mutator ran, the namespace was not exempt for this pod.
    const mutated = gk(true, { pod: pod(2), mutations: [{ mutator: "Assign/m", iteration: 1, changes: [] }] });
    expect(
      classify(engine(true, pod(1)), mutated, create, facts([exempt])).differences[0]?.explainedBy,
    ).toBeUndefined();
  });

  it("an UPDATE both admit is not compared field by field (PSP does not mutate on update)", () => {
    const update = { operation: "update" as const, namespace: "ns" };
    expect(classify(engine(true, pod(1)), gk(true, { pod: pod(2) }), update, facts([])).kind).toBe("agree");
  });
});

describe("constraintConcernsOf", () => {
  it("maps Kind/name to the psp2gk.io/concern annotation, skipping constraints without it", () => {
    const map = constraintConcernsOf([
      { kind: "K", metadata: { name: "a", annotations: { "psp2gk.io/concern": "volumes" } } },
      { kind: "K", metadata: { name: "b" } },
    ]);
    expect([...map]).toEqual([["K/a", "volumes"]]);
  });
});
