/**
 * Differential harness for the identity concerns' Gatekeeper emitters (run-as-user, run-as-group,
 * fs-group, supplemental-groups, selinux): one PSP that is permissive in every other concern, the
 * engine (`admit` with `allowAllContext`) against the offline Gatekeeper simulator running that PSP's
 * mutators and this concern's constraint. Also: the template/Rego structural checks.
 */
import { expect, it } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter } from "../../../src/emit/concern-emitter.js";
import type { PodReview } from "../../../src/gatekeeper/index.js";
import { defaultPsp } from "../../../src/model/defaults.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import type { PspInput } from "../../../src/model/schemas/psp.js";
import type { AdmissionResult } from "../../../src/psp/admission-types.js";
import { admit } from "../../../src/psp/admit.js";
import { allowAllContext } from "../../../src/psp/policy-context.js";
import { type PspCase, readCases } from "../../cases/read-cases.js";
import { permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import {
  celTypeProblems,
  type GatekeeperSetup,
  gatekeeperSetup,
  isSinglePspAllowAll,
  schemaProblems,
  templateObject as sharedTemplateObject,
} from "./gatekeeper-harness.js";

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
  return sharedTemplateObject(emitter.template);
}

const MATCH = { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] };

export type Artefacts = GatekeeperSetup;

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
  const setup = gatekeeperSetup(emitter, psp, {
    scope: { match: MATCH, namePrefix: psp.metadata.name },
    constraintName: psp.metadata.name,
    withMutators,
  });
  return { ...setup, findings: [...setup.findings, ...(emitter.findings?.(psp) ?? [])] };
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
  expect(schemaProblems(schema, value, path, true)).toEqual([]);
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
  // Lint, plus what Gatekeeper's type checker refuses and the simulator accepts (HomogeneousAggregateLiterals).
  expect(celTypeProblems(cel)).toEqual([]);
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
    return isSinglePspAllowAll(c) && value !== undefined && value !== null && value.rule !== "RunAsAny";
  });
}

/**
 * `it("shared cases, create and update, PSP permissive elsewhere")`: at least `atLeast` cases
 * (`singlePspCases(readCases(), field)`), each run as the case says and once the other way round
 * (create ↔ update, the stored pod differing in a label), with the case PSP's `field` on the
 * permissive PSP; `effective(psp)` gives the comparison of effective values.
 */
export function itSharedCases(
  emitter: ConcernEmitter,
  field: string,
  atLeast: number,
  effective: (psp: PodSecurityPolicy) => (pod: Pod) => unknown,
): void {
  const cases = singlePspCases(readCases(), field);
  it("shared cases, create and update, PSP permissive elsewhere", () => {
    expect(cases.length).toBeGreaterThanOrEqual(atLeast);
    for (const c of cases) {
      const psp = pspWith({ [field]: caseField(c, field) });
      const compare = effective(psp);
      const p = c.pod as unknown as Pod;
      expectSameDecision(emitter, psp, p, compare, c.operation ?? "create", c.oldPod as unknown as Pod);
      expectSameDecision(emitter, psp, p, compare, c.operation === "update" ? "create" : "update");
    }
  });
}
