import { describe, expect, it } from "vitest";
import {
  type CelRequestAttributes,
  compileCelTemplate,
  evaluateCelTemplate,
  GatekeeperInputError,
  lintCelSource,
  prepareReview,
  readCelSource,
} from "../../src/gatekeeper/index.js";
import { constraint, pod, template } from "./helpers.js";

const request = (operation: CelRequestAttributes["operation"] = "CREATE"): CelRequestAttributes => ({
  operation,
  userInfo: { username: "alice", groups: ["dev"] },
  kind: { group: "", version: "v1", kind: "Pod" },
  resource: { group: "", version: "v1", resource: "pods" },
  name: "p",
  namespace: "apps",
});

function evaluate(
  source: Record<string, unknown>,
  object: unknown,
  spec: Record<string, unknown> = {},
  op: CelRequestAttributes["operation"] = "CREATE",
  oldObject: unknown = null,
) {
  const compiled = compileCelTemplate(template("K8sTest", source));
  return evaluateCelTemplate(
    compiled,
    constraint("K8sTest", "c", spec),
    prepareReview({ object, oldObject, request: request(op) }),
  );
}

const noPrivileged = {
  variables: [
    {
      name: "privileged",
      expression:
        "variables.anyObject.spec.containers.filter(c, has(c.securityContext) && has(c.securityContext.privileged) && c.securityContext.privileged).map(c, c.name)",
    },
  ],
  validations: [
    {
      expression: "size(variables.privileged) == 0",
      messageExpression: '"privileged containers: " + variables.privileged.join(", ")',
    },
  ],
};

describe("K8sNativeValidation evaluation", () => {
  it("admits a pod that satisfies the validation and denies one that does not, with the messageExpression", () => {
    const ok = evaluate(noPrivileged, pod({ containers: [{ name: "a" }] }));
    expect(ok).toEqual({ matched: true, violations: [] });
    const bad = evaluate(
      noPrivileged,
      pod({ containers: [{ name: "a", securityContext: { privileged: true } }, { name: "b" }] }),
    );
    expect(bad.violations).toEqual([{ message: "privileged containers: a", cause: "false" }]);
  });

  it("binds variables.params to spec.parameters (null without) and params to the whole constraint", () => {
    const source = {
      validations: [
        { expression: "variables.params == null", message: "has parameters" },
        { expression: "params.metadata.name == 'c'", message: "params is not the constraint" },
      ],
    };
    expect(evaluate(source, pod({ containers: [] })).violations).toEqual([]);
    expect(evaluate(source, pod({ containers: [] }), { parameters: { x: 1 } }).violations).toEqual([
      { message: "has parameters", cause: "false" },
    ]);
  });

  it("compares integer parameters and fields as CEL ints (bigint), including large values", () => {
    const source = {
      validations: [
        {
          expression: "variables.anyObject.spec.securityContext.runAsUser >= variables.params.min",
          messageExpression: "'uid ' + string(variables.anyObject.spec.securityContext.runAsUser) + ' too low'",
        },
      ],
    };
    const at = (uid: number) => pod({ containers: [], securityContext: { runAsUser: uid } });
    expect(evaluate(source, at(2147483647), { parameters: { min: 1000 } }).violations).toEqual([]);
    expect(evaluate(source, at(999), { parameters: { min: 1000 } }).violations).toEqual([
      { message: "uid 999 too low", cause: "false" },
    ]);
  });

  it('uses has() for optional fields and ["..."] for annotation keys with dots and slashes', () => {
    const key = "container.apparmor.security.beta.kubernetes.io/app";
    const source = {
      validations: [
        {
          expression: `!has(object.metadata.annotations) || !(${JSON.stringify(key)} in object.metadata.annotations) || object.metadata.annotations[${JSON.stringify(key)}] == "runtime/default"`,
          message: "apparmor profile not allowed",
        },
      ],
    };
    expect(evaluate(source, pod({ containers: [] })).violations).toEqual([]);
    expect(evaluate(source, pod({ containers: [] }, { annotations: { [key]: "runtime/default" } })).violations).toEqual(
      [],
    );
    expect(evaluate(source, pod({ containers: [] }, { annotations: { [key]: "unconfined" } })).violations).toEqual([
      { message: "apparmor profile not allowed", cause: "false" },
    ]);
  });

  it("falls back to message, then to 'failed expression', when messageExpression is unusable", () => {
    const source = {
      validations: [
        { expression: "false", messageExpression: "''", message: "static" },
        { expression: "false", messageExpression: "object.nope" },
        { expression: " 1 == 2 " },
      ],
    };
    expect(evaluate(source, pod({ containers: [] })).violations.map((v) => v.message)).toEqual([
      "static",
      "failed expression: false",
      "failed expression: 1 == 2",
    ]);
  });

  it("counts an evaluation error as a violation (fail closed), unless failurePolicy is Ignore", () => {
    const source = { validations: [{ expression: "object.spec.hostNetwork == false", message: "host network" }] };
    const r = evaluate(source, pod({ containers: [] }));
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]?.cause).toBe("error");
    expect(r.violations[0]?.message).toMatch(
      /^expression 'object.spec.hostNetwork == false' resulted in error: .*hostNetwork/,
    );
    expect(evaluate({ ...source, failurePolicy: "Ignore" }, pod({ containers: [] })).violations).toEqual([]);
  });

  it("reports a non-bool validation result as an error", () => {
    const r = evaluate({ validations: [{ expression: "1" }] }, pod({ containers: [] }));
    expect(r.violations).toEqual([{ message: "expression '1' must evaluate to bool, got int", cause: "error" }]);
  });

  it("evaluates variables lazily: an erroring variable fails only the expressions that read it", () => {
    const source = {
      variables: [
        { name: "broken", expression: "object.spec.missing.field" },
        { name: "fine", expression: "size(object.spec.containers)" },
      ],
      validations: [
        { expression: "variables.fine == 0", message: "has containers" },
        { expression: "true || variables.broken", message: "never" },
        { expression: "variables.broken == 1 || true", message: "error absorbed by ||" },
      ],
    };
    expect(evaluate(source, pod({ containers: [] })).violations).toEqual([]);
  });

  it("lets a variable use an earlier one", () => {
    const source = {
      variables: [
        { name: "names", expression: "object.spec.containers.map(c, c.name)" },
        { name: "count", expression: "size(variables.names)" },
      ],
      validations: [{ expression: "variables.count < 2", messageExpression: "variables.names.join(',')" }],
    };
    expect(evaluate(source, pod({ containers: [{ name: "a" }, { name: "b" }] })).violations).toEqual([
      { message: "a,b", cause: "false" },
    ]);
  });

  it("binds request (operation, userInfo) and skips a validation on UPDATE the gatekeeper-library way", () => {
    const source = {
      validations: [
        {
          expression: "request.operation == 'UPDATE' || !has(object.spec.hostPID) || !object.spec.hostPID",
          message: "hostPID",
        },
        { expression: "request.userInfo.username == 'alice' && 'dev' in request.userInfo.groups", message: "user" },
      ],
    };
    const hostPid = pod({ containers: [], hostPID: true });
    expect(evaluate(source, hostPid).violations.map((v) => v.message)).toEqual(["hostPID"]);
    expect(evaluate(source, hostPid, {}, "UPDATE", hostPid).violations).toEqual([]);
  });

  it("makes variables.anyObject the old object on DELETE", () => {
    const source = { validations: [{ expression: "variables.anyObject.metadata.name == 'old'", message: "not old" }] };
    const old = pod({ containers: [] }, { name: "old" });
    expect(evaluate(source, null, {}, "DELETE", old).violations).toEqual([]);
    expect(evaluate(source, pod({ containers: [] }), {}, "CREATE").violations).toHaveLength(1);
  });

  it("applies matchCondition: false skips the template, an error denies", () => {
    const source = {
      matchCondition: [
        { name: "only-labelled", expression: "has(object.metadata.labels) && 'check' in object.metadata.labels" },
      ],
      validations: [{ expression: "false", message: "checked" }],
    };
    expect(evaluate(source, pod({ containers: [] }))).toEqual({ matched: false, violations: [] });
    expect(evaluate(source, pod({ containers: [] }, { labels: { check: "y" } })).violations).toEqual([
      { message: "checked", cause: "false" },
    ]);
    const erroring = { ...source, matchCondition: [{ name: "bad", expression: "object.nope" }] };
    const r = evaluate(erroring, pod({ containers: [] }));
    expect(r.matched).toBe(true);
    expect(r.violations[0]?.message).toMatch(/^matchCondition 'bad': /);
  });

  it("supports the strings extension and exists/all/exists_one macros", () => {
    const source = {
      validations: [
        { expression: "object.spec.containers.all(c, c.image.startsWith('registry.local/'))", message: "registry" },
        { expression: "object.spec.containers.exists_one(c, c.name.lowerAscii() == 'main')", message: "one main" },
        { expression: "'a,b'.split(',').size() == 2 && ['x','y'].join('-') == 'x-y'", message: "strings" },
      ],
    };
    const p = pod({
      containers: [
        { name: "Main", image: "registry.local/a" },
        { name: "side", image: "registry.local/b" },
      ],
    });
    expect(evaluate(source, p).violations).toEqual([]);
    const q = pod({
      containers: [
        { name: "main", image: "docker.io/a" },
        { name: "MAIN", image: "registry.local/b" },
      ],
    });
    expect(evaluate(source, q).violations.map((v) => v.message)).toEqual(["registry", "one main"]);
  });
});

describe("compileCelTemplate refuses what Gatekeeper or @bufbuild/cel cannot run", () => {
  const compile = (source: Record<string, unknown>) => () => compileCelTemplate(template("K8sX", source));

  it("names the template and field of a syntax error", () => {
    expect(compile({ validations: [{ expression: "1 +" }] })).toThrowError(GatekeeperInputError);
    expect(compile({ validations: [{ expression: "1 +" }] })).toThrowError(
      /ConstraintTemplate\/k8sx K8sNativeValidation validations\[0\]\.expression: does not parse/,
    );
  });

  it("refuses reserved variable names and templates without CEL code or kind", () => {
    expect(compile({ variables: [{ name: "params", expression: "1" }], validations: [] })).toThrowError(
      /bound by Gatekeeper/,
    );
    const rego = {
      ...template("K8sR", {}),
      spec: { crd: { spec: { names: { kind: "K8sR" } } }, targets: [{ rego: "x" }] },
    };
    expect(() => compileCelTemplate(rego)).toThrowError(/no K8sNativeValidation code/);
    const noKind = template("K8sK", { validations: [] });
    (noKind.spec as { crd: unknown }).crd = {};
    expect(() => compileCelTemplate(noKind)).toThrowError(/spec\.crd\.spec\.names\.kind/);
  });

  it("reads Gatekeeper's singular matchCondition field", () => {
    const compiled = compileCelTemplate(
      template("K8sM", {
        matchCondition: [{ name: "m", expression: "false" }],
        validations: [{ expression: "false" }],
      }),
    );
    expect(compiled.matchConditions.map((m) => m.name)).toEqual(["m"]);
  });

  it("ignores the plural matchConditions when reading (Gatekeeper drops it) and refuses it when compiling", () => {
    const plural = template("K8sP", {
      matchConditions: [{ name: "m", expression: "false" }],
      validations: [{ expression: "false" }],
    });
    expect(readCelSource(plural).matchConditions).toEqual([]);
    expect(() => compileCelTemplate(plural)).toThrowError(
      /ConstraintTemplate\/k8sp K8sNativeValidation matchConditions: Gatekeeper ignores "matchConditions"/,
    );
  });
});

describe("lintCelSource", () => {
  it("flags optional syntax and sort() outside string literals, and nothing in a clean source", () => {
    expect(lintCelSource(noPrivileged)).toEqual([]);
    const problems = lintCelSource({
      variables: [{ name: "a", expression: "object.?spec.orValue({})" }],
      validations: [
        { expression: "object.spec.containers.map(c, c.name).sort() == []" },
        { expression: "'text with .? and sort(x)' != ''", messageExpression: "object.spec[?'x']" },
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      "variables[0].expression",
      "variables[0].expression",
      "validations[0].expression",
      "validations[1].messageExpression",
      "validations[1].messageExpression",
    ]);
    expect(problems[0]?.message).toMatch(/optional syntax/);
    expect(problems[2]?.message).toMatch(/sort\(\)/);
  });

  it("flags variables that read later variables, duplicates and reserved names", () => {
    const problems = lintCelSource({
      variables: [
        { name: "first", expression: "variables.second + 1" },
        { name: "second", expression: "1" },
        { name: "second", expression: "2" },
        { name: "anyObject", expression: "object" },
        { name: "gatekeeper_internal_x", expression: "1" },
      ],
      validations: [],
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "variables[0].expression: reads variables.second, which is not defined before it",
      'variables[2].name: variable "second" is defined twice',
      'variables[3].name: "anyObject" is bound by Gatekeeper and cannot be redefined',
      'variables[4].name: names starting with "gatekeeper_internal_" are reserved by Gatekeeper',
    ]);
  });

  it("reports the plural matchConditions (Gatekeeper ignores it) and lints singular matchCondition expressions", () => {
    expect(
      lintCelSource({ matchConditions: [{ name: "m", expression: "true" }], validations: [] }).map(
        (p) => `${p.path}: ${p.message}`,
      ),
    ).toEqual([
      'matchConditions: Gatekeeper ignores "matchConditions" (its field is "matchCondition", singular): these conditions would never be evaluated',
    ]);
    expect(lintCelSource({ matchCondition: [{ name: "m", expression: "object.?x" }], validations: [] })).toEqual([
      { path: "matchCondition[0].expression", message: expect.stringMatching(/optional syntax/) },
      { path: "matchCondition[0].expression", message: expect.stringMatching(/does not parse/) },
    ]);
  });
});
