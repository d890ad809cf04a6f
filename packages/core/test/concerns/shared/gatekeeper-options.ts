/**
 * Shared test support for the capabilities / seccomp / apparmor / sysctls Gatekeeper emitters:
 * builds the ConstraintTemplate, Constraint and mutators from one emitter and one PSP, and runs the
 * same pod through the reference engine (`admit`, allow-all, that PSP only) and the Gatekeeper
 * simulator, so a test can compare decisions and effective values.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter, TemplateSource } from "../../../src/emit/concern-emitter.js";
import { GatekeeperSimulator, type PodReview } from "../../../src/gatekeeper/index.js";
import { defaultPsp } from "../../../src/model/defaults.js";
import type { Finding } from "../../../src/model/findings.js";
import type { Pod, PodSecurityPolicy } from "../../../src/model/k8s-types.js";
import type { PspInput } from "../../../src/model/schemas/psp.js";
import type { AdmissionResult } from "../../../src/psp/admission-types.js";
import { admit } from "../../../src/psp/admit.js";
import { deepCopy } from "../../../src/psp/plain-data.js";
import { allowAllContext } from "../../../src/psp/policy-context.js";
import { type PspCase, readCases } from "../../cases/read-cases.js";
import { permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import {
  celMessageLiterals,
  celTypeProblems,
  celVariableNames,
  containerEntries,
  isSinglePspAllowAll,
  constraintObject as sharedConstraintObject,
  schemaProblems as sharedSchemaProblems,
  templateObject as sharedTemplateObject,
} from "./gatekeeper-harness.js";

export const SCOPE = { match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }] }, namePrefix: "psp" };

/** The ConstraintTemplate as the converter assembles it (both engines, with the admission guards). */
export function templateObject(t: TemplateSource): Record<string, unknown> {
  return sharedTemplateObject(t);
}

export function constraintObject(t: TemplateSource, parameters: Record<string, unknown>): Record<string, unknown> {
  return sharedConstraintObject(t, "psp", SCOPE.match, parameters);
}

/**
 * Problems of `lintCelSource` on the template's CEL, plus what Kubernetes' type checker would refuse
 * and the simulator accepts (mixed-type literals, mismatched conditional branches).
 */
export function celProblems(t: TemplateSource): unknown[] {
  return celTypeProblems(parse(t.cel));
}

/** CEL variable names and the string literals of validation messages (for the Rego mirror check). */
export function celStructure(t: TemplateSource): { variables: string[]; messageLiterals: string[] } {
  return { variables: celVariableNames(t.cel), messageLiterals: celMessageLiterals(t.cel, 4) };
}

/** Rego rule / function names defined at the start of a line. */
export function regoRuleNames(rego: string): Set<string> {
  return new Set([...rego.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(|:=|=|\[|\{)/gm)].map((m) => m[1] as string));
}

/** A minimal structural-schema check: every level typed, and `value` conforms. Returns problems. */
export function schemaProblems(schema: Record<string, unknown>, value: unknown, path = "parameters"): string[] {
  return sharedSchemaProblems(schema, value, path);
}

/**
 * A PSP permissive in every concern, with this concern's PSP fields (`spec.x`,
 * `metadata.annotations[k]`) taken from `source` (absent there = absent here).
 */
export function pspForConcern(
  pspFields: readonly string[],
  source: { spec?: Record<string, unknown>; annotations?: Record<string, string> },
  name = "psp",
): PodSecurityPolicy {
  const spec = permissiveSpec();
  const annotations = permissiveAnnotations();
  for (const f of pspFields) {
    const specField = /^spec\.(\w+)$/.exec(f)?.[1];
    const annotation = /^metadata\.annotations\[(.+)\]$/.exec(f)?.[1];
    if (specField) {
      delete spec[specField];
      if (source.spec?.[specField] !== undefined) spec[specField] = deepCopy(source.spec[specField]);
    } else if (annotation) {
      delete annotations[annotation];
      if (source.annotations?.[annotation] !== undefined) annotations[annotation] = source.annotations[annotation];
    } else {
      throw new Error(`unknown PSP field ${f}`);
    }
  }
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name, annotations },
    spec,
  } as unknown as PspInput);
}

export interface BothOutcome {
  engine: AdmissionResult;
  gk: PodReview;
  /** The simulator with the constraint only (no mutators). */
  gkValidateOnly: PodReview;
  mutatorFindings: Finding[];
  parameters: Record<string, unknown> | null;
}

/** One pod through the engine and through the simulator, for one emitter and one PSP. */
export function runBoth(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Pod,
  operation: "create" | "update" = "create",
  oldPod?: Pod,
): BothOutcome {
  const engine = admit(
    deepCopy(pod),
    {
      operation,
      user: { user: "requester", groups: [] },
      ...(oldPod ? { oldPod: deepCopy(oldPod) } : {}),
    },
    allowAllContext([psp]),
  );
  const parameters = emitter.parameters(psp);
  const templates = [templateObject(emitter.template)];
  const constraints = parameters ? [constraintObject(emitter.template, parameters)] : [];
  const { mutators, findings } = emitter.mutators(psp, SCOPE);
  const request = {
    operation: operation === "create" ? ("CREATE" as const) : ("UPDATE" as const),
    userInfo: { username: "requester" },
    ...(oldPod ? { oldPod: deepCopy(oldPod) } : {}),
  };
  const gk = new GatekeeperSimulator({ templates, constraints, mutators }).reviewPod(deepCopy(pod), request);
  const gkValidateOnly = new GatekeeperSimulator({ templates, constraints }).reviewPod(deepCopy(pod), request);
  return { engine, gk, gkValidateOnly, mutatorFindings: findings, parameters };
}

/** Single-PSP allow-all admission cases whose PSP restricts or defaults something in `pspFields`. */
export function casesFor(cases: readonly PspCase[], pspFields: readonly string[]): PspCase[] {
  return cases.filter((c) => {
    if (!isSinglePspAllowAll(c)) return false;
    const p = c.psps?.[0];
    return pspFields.some((f) => {
      const specField = /^spec\.(\w+)$/.exec(f)?.[1];
      const annotation = /^metadata\.annotations\[(.+)\]$/.exec(f)?.[1];
      return specField ? p?.spec[specField] !== undefined : p?.annotations?.[annotation ?? ""] !== undefined;
    });
  });
}

/** Every container of a pod (init, regular, ephemeral), as plain objects. */
export function allContainers(pod: unknown): Record<string, unknown>[] {
  return containerEntries(pod).map(([, c]) => c);
}

/**
 * `describe("differential on the shared cases")`: a test that there are more than `atLeast` cases
 * (`casesFor(readCases(), pspFields)`, then `filter`), then one test per case, its PSP reduced to
 * this concern's fields (from the case PSP's `spec` or `annotations`), create or update as the case
 * says, checked by `check`.
 */
export function describeSharedCases(options: {
  emitter: ConcernEmitter;
  pspFields: readonly string[];
  from: "spec" | "annotations";
  has: string;
  atLeast: number;
  filter?: (c: PspCase) => boolean;
  check: (out: BothOutcome, psp: PodSecurityPolicy, pod: Pod, op: "create" | "update") => void;
}): void {
  const { emitter, pspFields, from, check } = options;
  describe("differential on the shared cases", () => {
    const cases = casesFor(readCases(), pspFields).filter(options.filter ?? (() => true));
    it(`has ${options.has} cases`, () => expect(cases.length).toBeGreaterThan(options.atLeast));
    for (const c of cases) {
      it(c.name, () => {
        const source =
          from === "spec" ? { spec: c.psps?.[0]?.spec ?? {} } : { annotations: c.psps?.[0]?.annotations ?? {} };
        const p = pspForConcern(pspFields, source);
        const pod = deepCopy(c.pod) as unknown as Pod;
        const op = c.operation ?? "create";
        check(runBoth(emitter, p, pod, op, c.oldPod ? (deepCopy(c.oldPod) as unknown as Pod) : undefined), p, pod, op);
      });
    }
  });
}

/**
 * The template checks beyond the emit contract (`test/emit/registry-contract.test.ts`, which already
 * refuses `import rego.v1` for every emitter): CEL type problems, and the Rego mirroring the CEL —
 * every CEL variable a Rego rule, every message literal in the Rego, `violations` violation rules.
 */
export function itTemplateMirrors(emitter: ConcernEmitter, violations: number): void {
  it("CEL passes lintCelSource", () => {
    expect(celProblems(emitter.template)).toEqual([]);
  });

  it("Rego mirrors the CEL: every variable is a Rego rule, every message literal appears", () => {
    const { variables, messageLiterals } = celStructure(emitter.template);
    const rules = regoRuleNames(emitter.template.rego);
    for (const v of variables) expect(rules, v).toContain(v);
    for (const m of messageLiterals) expect(emitter.template.rego).toContain(m);
    expect(emitter.template.rego.match(/^violation\[/gm)?.length).toBe(violations);
  });
}
