/**
 * Differential harness for the identity concerns' Gatekeeper emitters (run-as-user, run-as-group,
 * fs-group, supplemental-groups, selinux): one PSP that is permissive in every other concern, the
 * engine (`admit` with `allowAllContext`) against the offline Gatekeeper simulator running that PSP's
 * mutators and this concern's constraint. Also: the template/Rego structural checks.
 */
import { expect } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter } from "../../../src/emit/concern-emitter.js";
import { buildTemplate } from "../../../src/emit/template.js";
import { GatekeeperSimulator, lintCelSource, type PodReview } from "../../../src/gatekeeper/index.js";
import { defaultPsp } from "../../../src/model/defaults.js";
import type { Finding } from "../../../src/model/findings.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import type { PspInput } from "../../../src/model/schemas/psp.js";
import type { AdmissionResult } from "../../../src/psp/admission-types.js";
import { admit } from "../../../src/psp/admit.js";
import { allowAllContext } from "../../../src/psp/policy-context.js";
import type { PspCase } from "../../cases/read-cases.js";
import { permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import { homogeneityProblems } from "../shared/gatekeeper-cel-types.js";

/** The permissive PSP with `spec` overriding it (the concern under test). */
export function pspWith(spec: Record<string, unknown>, name = "p"): PodSecurityPolicy {
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name, annotations: permissiveAnnotations() },
    spec: structuredClone({ ...permissiveSpec(), ...spec }),
  } as PspInput);
}

/** The ConstraintTemplate as the converter assembles it (both engines, with the admission guards). */
export function templateObject(emitter: ConcernEmitter): Record<string, unknown> {
  return buildTemplate(emitter.template);
}

const MATCH = { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] };

export interface Artefacts {
  simulator: GatekeeperSimulator;
  parameters: Record<string, unknown> | null;
  mutators: Record<string, unknown>[];
  findings: Finding[];
}

/** Violation messages of the constraint alone (no mutators) for `pod` on CREATE. */
export function templateMessages(emitter: ConcernEmitter, psp: PodSecurityPolicy, pod: unknown): string[] {
  const a = artefacts(emitter, psp, false);
  return a.simulator
    .reviewPod(pod, { operation: "CREATE", userInfo: { username: "tester" } })
    .violations.flatMap((v) => v.messages);
}

export function artefacts(emitter: ConcernEmitter, psp: PodSecurityPolicy, withMutators = true): Artefacts {
  const parameters = emitter.parameters(psp);
  if (parameters) expectMatchesSchema(parameters, emitter.template.parametersSchema, "parameters");
  const { mutators, findings } = emitter.mutators(psp, { match: MATCH, namePrefix: psp.metadata.name });
  const constraints = parameters
    ? [
        {
          apiVersion: "constraints.gatekeeper.sh/v1beta1",
          kind: emitter.template.kind,
          metadata: { name: psp.metadata.name },
          spec: { match: MATCH, parameters },
        },
      ]
    : [];
  const simulator = new GatekeeperSimulator({
    templates: [templateObject(emitter)],
    constraints,
    mutators: withMutators ? mutators : [],
  });
  return { simulator, parameters, mutators, findings: [...findings, ...(emitter.findings?.(psp) ?? [])] };
}

export interface Outcome {
  engine: AdmissionResult;
  gatekeeper: PodReview;
  /** Gatekeeper's decision as the API server ends it: a mutated UPDATE changes the immutable pod spec. */
  gatekeeperAllowed: boolean;
  mutatedOnUpdate: boolean;
}

export function runBoth(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Pod,
  operation: "create" | "update" = "create",
  oldPod?: Pod,
  built: Artefacts = artefacts(emitter, psp),
): Outcome {
  // The stored pod differs in a label: PSP skips updates that change nothing (or only GC fields).
  const old = oldPod ?? withLabel(pod, "psp2gk-test-revision", "old");
  const engine = admit(
    structuredClone(pod),
    {
      operation,
      user: { user: "tester", groups: [] },
      ...(operation === "update" ? { oldPod: structuredClone(old) } : {}),
    },
    allowAllContext([psp]),
  );
  const gatekeeper = built.simulator.reviewPod(structuredClone(pod), {
    operation: operation === "create" ? "CREATE" : "UPDATE",
    userInfo: { username: "tester" },
    ...(operation === "update" ? { oldPod: structuredClone(old) } : {}),
  });
  const mutatedOnUpdate = operation === "update" && gatekeeper.mutations.length > 0;
  return { engine, gatekeeper, gatekeeperAllowed: gatekeeper.allowed && !mutatedOnUpdate, mutatedOnUpdate };
}

function withLabel(pod: Pod, key: string, value: string): Pod {
  const copy = structuredClone(pod);
  copy.metadata.labels = { ...(copy.metadata.labels ?? {}), [key]: value };
  return copy;
}

/** The engine's PSP decision (core API validation after PSP is not this concern's business). */
export function pspAllowed(r: AdmissionResult): boolean {
  return r.allowed || r.rejectedBy === "api-validation";
}

/**
 * Compare one pod: same decision; on CREATE, same effective values for the concern (`effective`
 * maps a pod to a comparable value). A mutated UPDATE that PSP admits is the documented
 * `mutation-not-on-update` difference: it must be announced by a Finding.
 */
export function expectSameDecision(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Pod,
  effective: (pod: Pod) => unknown,
  operation: "create" | "update" = "create",
  oldPod?: Pod,
  built?: Artefacts,
): Outcome {
  const a = built ?? artefacts(emitter, psp);
  const out = runBoth(emitter, psp, pod, operation, oldPod, a);
  const label = `${operation} ${JSON.stringify(pod.spec)}\nengine: ${out.engine.message ?? "allowed"}\ngatekeeper: ${JSON.stringify(out.gatekeeper.violations)}`;
  if (out.mutatedOnUpdate && pspAllowed(out.engine)) {
    expect(
      a.findings.some((f) => f.code === "mutation-not-on-update" && f.level === "warning"),
      label,
    ).toBe(true);
    return out;
  }
  expect(out.gatekeeperAllowed, label).toBe(pspAllowed(out.engine));
  if (operation === "create" && out.engine.allowed) {
    expect(effective(out.gatekeeper.mutatedPod as unknown as Pod), label).toEqual(effective(out.engine.pod));
  }
  return out;
}

/** Minimal structural-schema check: types of every level, enums. */
export function expectMatchesSchema(value: unknown, schema: Record<string, unknown>, path: string): void {
  const type = schema.type;
  if (type === "object") {
    expect(typeof value === "object" && value !== null && !Array.isArray(value), path).toBe(true);
    const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      expect(props[k], `${path}.${k} is not in the schema`).toBeDefined();
      expectMatchesSchema(v, props[k] as Record<string, unknown>, `${path}.${k}`);
    }
  } else if (type === "array") {
    expect(Array.isArray(value), path).toBe(true);
    for (const [i, v] of (value as unknown[]).entries()) {
      expectMatchesSchema(v, schema.items as Record<string, unknown>, `${path}[${i}]`);
    }
  } else if (type === "integer") {
    expect(Number.isInteger(value), path).toBe(true);
  } else if (type === "string") {
    expect(typeof value, path).toBe("string");
    if (Array.isArray(schema.enum)) expect(schema.enum, path).toContain(value);
  } else if (type === "boolean") {
    expect(typeof value, path).toBe("boolean");
  } else {
    throw new Error(`${path}: schema without a type`);
  }
}

/** Every level of a structural schema has a type. */
export function expectStructural(schema: Record<string, unknown>, path = "schema"): void {
  expect(typeof schema.type, path).toBe("string");
  for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
    expectStructural(v, `${path}.${k}`);
  }
  if (schema.items) expectStructural(schema.items as Record<string, unknown>, `${path}.items`);
}

/**
 * The template's static checks: CEL lints clean; the Rego mirrors it (every CEL variable is a Rego
 * rule or function of the same name, every CEL string literal appears in the Rego, one `violation`
 * rule per validation, no `import rego.v1`, no input value spliced in).
 */
export function expectTemplateMirrors(emitter: ConcernEmitter): void {
  const cel = parse(emitter.template.cel) as {
    variables: { name: string; expression: string }[];
    validations: { expression: string; messageExpression?: string }[];
  };
  expect(lintCelSource(cel)).toEqual([]);
  // What Gatekeeper's type checker refuses and the simulator accepts (HomogeneousAggregateLiterals).
  for (const v of cel.variables) expect(homogeneityProblems(v.expression), `variable ${v.name}`).toEqual([]);
  for (const v of cel.validations) {
    expect(homogeneityProblems(v.expression), v.expression).toEqual([]);
    if (v.messageExpression) expect(homogeneityProblems(v.messageExpression), v.messageExpression).toEqual([]);
  }
  const rego = emitter.template.rego;
  expect(rego).not.toMatch(/import rego\.v1/);
  expect(rego).toMatch(/^package [a-z0-9_.]+$/m);
  for (const v of cel.variables) {
    expect(rego, `Rego rule for CEL variable ${v.name}`).toMatch(new RegExp(`^${v.name}(\\(| :?= | \\{)`, "m"));
  }
  const literals = [...emitter.template.cel.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? "");
  for (const lit of literals) expect(rego, `CEL literal "${lit}" in the Rego`).toContain(lit);
  expect(rego.match(/^violation\[\{"msg": msg\}\] \{$/gm)?.length, "violation rules").toBe(cel.validations.length);
  for (const v of cel.validations) expect(v.messageExpression, "every validation has a messageExpression").toBeTruthy();
  expectStructural(emitter.template.parametersSchema);
  expect(emitter.template.kind).toMatch(/^Psp2gk[A-Z][A-Za-z]+$/);
}

/** The case PSP's `spec[field]` (the single PSP of the case). */
export function caseField(c: PspCase, field: string): unknown {
  return c.psps?.[0]?.spec?.[field];
}

/**
 * Shared admission cases with exactly one PSP, allow-all authorization, and `spec[field]` set to
 * something other than RunAsAny (the ones that exercise this concern).
 */
export function singlePspCases(cases: readonly PspCase[], field: string): PspCase[] {
  return cases.filter((c) => {
    const value = caseField(c, field) as { rule?: string } | undefined;
    return (
      (c.kind ?? "admission") === "admission" &&
      (c.psps ?? []).length === 1 &&
      (c.authorization?.mode ?? "allow-all") === "allow-all" &&
      value !== undefined &&
      value !== null &&
      value.rule !== "RunAsAny"
    );
  });
}
