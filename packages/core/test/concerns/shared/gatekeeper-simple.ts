/**
 * Differential harness for the Gatekeeper emitters of the "simple" concerns (volumes, host
 * namespaces, host network/ports, privileged, privilege escalation, read-only root filesystem,
 * procMount, runtime class): one PSP, permissive in every other concern, through the reference engine
 * (`admit` with `allowAllContext`) and through the offline Gatekeeper simulator running that PSP's
 * constraint + mutators for the concern under test. Imported by the `gatekeeper.test.ts` files.
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ConcernEmitter, MutatorScope } from "../../../src/emit/concern-emitter.js";
import { ADMISSION_GUARDS, guardedCelSource } from "../../../src/emit/template.js";
import { defaultPsp } from "../../../src/model/defaults.js";
import type { Pod, PodSecurityPolicy, PspSpec } from "../../../src/model/k8s-types.js";
import type { PspInput } from "../../../src/model/schemas/psp.js";
import { admit } from "../../../src/psp/admit.js";
import { allowAllContext } from "../../../src/psp/policy-context.js";
import { type PspCase, readCases } from "../../cases/read-cases.js";
import { permissiveAnnotations, permissiveSpec } from "../../fixtures/permissive-psp.js";
import {
  celMessageLiterals,
  celTypeProblems,
  celVariableNames,
  containerEntries,
  type GatekeeperSetup,
  gatekeeperSetup,
  isSinglePspAllowAll,
  templateObject as sharedTemplateObject,
} from "./gatekeeper-harness.js";

/** A PSP that allows everything; `spec` overrides it (then API defaulting, as the loader does). */
export function permissivePsp(spec: Record<string, unknown> = {}, name = "p"): PodSecurityPolicy {
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: {
      name,
      annotations: permissiveAnnotations(),
    },
    spec: { ...permissiveSpec(), ...spec } as PspSpec,
  } as unknown as PspInput);
}

/** Keep only `fields` (PSP spec keys) of `spec`, on top of the permissive PSP. */
export function concernPsp(spec: Record<string, unknown>, fields: readonly string[], name = "p"): PodSecurityPolicy {
  const picked: Record<string, unknown> = {};
  for (const f of fields) picked[f] = spec[f];
  return permissivePsp(picked, name);
}

export const SCOPE: MutatorScope = {
  match: { scope: "Namespaced", kinds: [{ apiGroups: [""], kinds: ["Pod"] }] },
  namePrefix: "p",
};

/** The ConstraintTemplate as the converter assembles it (CEL engine, with the admission guards). */
export function templateObject(emitter: ConcernEmitter): Record<string, unknown> {
  return sharedTemplateObject(emitter.template, "cel");
}

export type { GatekeeperSetup };

export function gatekeeperFor(emitter: ConcernEmitter, psp: PodSecurityPolicy, withMutators = true): GatekeeperSetup {
  return gatekeeperSetup(emitter, psp, { scope: SCOPE, constraintName: "p", engine: "cel", withMutators });
}

export interface Outcome {
  allowed: boolean;
  pod: Record<string, unknown>;
  messages: string[];
}

/** The engine's verdict: PSP admission passed (a later API-validation refusal is not PSP's). */
export function pspOutcome(
  psp: PodSecurityPolicy,
  pod: Record<string, unknown>,
  operation: "create" | "update",
  oldPod?: Record<string, unknown>,
): Outcome {
  const r = admit(
    structuredClone(pod) as unknown as Pod,
    {
      operation,
      user: { user: "u", groups: [] },
      ...(oldPod ? { oldPod: structuredClone(oldPod) as unknown as Pod } : {}),
    },
    allowAllContext([psp]),
  );
  return {
    allowed: r.rejectedBy !== "psp-admission",
    pod: r.pod as unknown as Record<string, unknown>,
    messages: r.message ? [r.message] : [],
  };
}

/**
 * Gatekeeper's verdict. Mutators run on CREATE and UPDATE (Gatekeeper's webhook rules). On UPDATE a
 * mutation that changes the pod's spec away from the stored pod's makes the API server refuse the
 * request (pod spec fields are immutable: ValidatePodUpdate), modelled here as a denial — PSP also
 * refuses such updates (a policy that would have to mutate cannot validate an update). A mutation that
 * writes back exactly what the stored pod has is accepted. See the `mutation-not-on-update` finding.
 */
export function gatekeeperOutcome(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Record<string, unknown>,
  operation: "create" | "update",
  oldPod?: Record<string, unknown>,
): Outcome {
  const { simulator } = gatekeeperFor(emitter, psp);
  const r = simulator.reviewPod(pod, {
    operation: operation === "create" ? "CREATE" : "UPDATE",
    userInfo: { username: "u" },
    ...(oldPod ? { oldPod } : {}),
  });
  if (r.mutationError) throw new Error(`mutation error: ${r.mutationError}`);
  const messages = r.violations.flatMap((v) => v.messages);
  const mutatedSpec = JSON.stringify(r.mutatedPod.spec);
  const changed = mutatedSpec !== JSON.stringify(pod.spec);
  if (operation === "update" && changed && mutatedSpec !== JSON.stringify(oldPod?.spec)) {
    return { allowed: false, pod: r.mutatedPod, messages: [...messages, API_IMMUTABLE] };
  }
  return { allowed: r.allowed, pod: r.mutatedPod, messages };
}

/** The same pod with a finalizer added: an update PSP does not evaluate (GC fields only). */
export function withFinalizer(pod: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(pod);
  copy.metadata = { ...((copy.metadata ?? {}) as Record<string, unknown>), finalizers: ["example.com/f"] };
  return copy;
}

/** PSP never evaluates DELETE: with delete operations enabled, Gatekeeper must not refuse one either. */
export function deleteAllowed(emitter: ConcernEmitter, psp: PodSecurityPolicy, pod: Record<string, unknown>): boolean {
  const { simulator } = gatekeeperFor(emitter, psp);
  return simulator.reviewPod(pod, {
    operation: "DELETE",
    userInfo: { username: "u" },
    oldPod: pod,
    validateDeletes: true,
  }).allowed;
}

export const API_IMMUTABLE = "API server: pod updates may not change fields other than ... (spec changed by a mutator)";

export interface Differential {
  psp: Outcome;
  gk: Outcome;
}

export function differential(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Record<string, unknown>,
  operation: "create" | "update" = "create",
  oldPod?: Record<string, unknown>,
): Differential {
  return {
    psp: pspOutcome(psp, pod, operation, oldPod),
    gk: gatekeeperOutcome(emitter, psp, pod, operation, oldPod),
  };
}

/**
 * The shared cases of these case files, or covering one of these PSP fields, with one PSP and
 * allow-all authorization.
 */
export function singlePspCases(files: readonly string[], covers: readonly string[] = []): PspCase[] {
  return readCases().filter(
    (c) =>
      (files.some((f) => c.file.endsWith(`/${f}`)) || (c.covers ?? []).some((x) => covers.includes(x))) &&
      isSinglePspAllowAll(c) &&
      c.pod !== undefined,
  );
}

/**
 * The Rego rules every `violation` must start with: one per CEL matchCondition of the assembled
 * template (the assembler's admission guards; the Rego imports them from the shared lib).
 */
export function celMatchConditionNames(): string[] {
  return ADMISSION_GUARDS.map((g) => g.name);
}

/** Lint problems of the template's CEL, plus structural mirror problems of the Rego. */
export function templateProblems(emitter: ConcernEmitter): string[] {
  const { cel, rego } = emitter.template;
  const problems = celTypeProblems(guardedCelSource(emitter.template)).map((p) =>
    typeof p === "string" ? p : JSON.stringify(p),
  );
  for (const name of celVariableNames(cel)) {
    if (!new RegExp(`^${name}(\\(|\\s*(:=|=|\\[|\\{))`, "m").test(rego)) problems.push(`rego lacks rule ${name}`);
  }
  for (const lit of celMessageLiterals(cel)) {
    if (!rego.includes(lit.replace(/\\"/g, '\\"'))) problems.push(`rego lacks message text ${JSON.stringify(lit)}`);
  }
  if (/import\s+rego\.v1/.test(rego)) problems.push("rego imports rego.v1");
  const conditions = celMatchConditionNames();
  for (const name of conditions) {
    if (!new RegExp(`^import data\\.lib\\.psp2gk\\.admission\\.${name}$`, "m").test(rego)) {
      problems.push(`rego does not import ${name} from data.lib.psp2gk.admission`);
    }
  }
  const prelude = new RegExp(`^\\{\\n${conditions.map((c) => `\\s*${c}\\n`).join("")}`);
  for (const body of rego.split(/^violation\[/m).slice(1)) {
    if (!prelude.test(body.slice(body.indexOf("] {") + 2))) {
      problems.push(`a Rego violation does not start with the admission guards ${conditions.join(", ")}`);
    }
  }
  const celValidations = ((parse(cel) as { validations?: unknown[] }).validations ?? []).length;
  const regoViolations = (rego.match(/^violation\[/gm) ?? []).length;
  if (celValidations !== regoViolations)
    problems.push(`${celValidations} CEL validations vs ${regoViolations} Rego violations`);
  return problems;
}

/** The containers of a pod by list, as `list/name` → container. */
export function containersByKey(pod: Record<string, unknown>): Map<string, Record<string, unknown>> {
  return new Map(containerEntries(pod).map(([list, c]) => [`${list}/${String(c.name)}`, c]));
}

/** A container-level field of every container, as `list/name` → value (undefined/null → absent). */
export function containerField(pod: Record<string, unknown>, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, c] of containersByKey(pod)) {
    const sc = (c.securityContext ?? {}) as Record<string, unknown>;
    out[key] = sc[field] ?? "<unset>";
  }
  return out;
}

/** Same verdict; when admitted, the same values of the concern's fields after mutation. */
export function sameOutcome(d: Differential, fields: (pod: Record<string, unknown>) => unknown): string | undefined {
  if (d.psp.allowed !== d.gk.allowed) {
    return `PSP ${d.psp.allowed ? "admits" : "denies"} (${d.psp.messages.join("; ")}), Gatekeeper ${d.gk.allowed ? "admits" : "denies"} (${d.gk.messages.join("; ")})`;
  }
  if (d.psp.allowed) {
    const a = JSON.stringify(fields(d.psp.pod));
    const b = JSON.stringify(fields(d.gk.pod));
    if (a !== b) return `fields differ: PSP ${a} vs Gatekeeper ${b}`;
  }
  return undefined;
}

/** A pod with the given spec; one container `c` unless containers are given. */
export function podWith(spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "p", namespace: "ns1" },
    spec: { serviceAccountName: "default", containers: [{ name: "c", image: "busybox" }], ...spec },
  };
}

/**
 * The old pod of a generated update: the same pod with another label, so the update is not a
 * GC-only change (PSP skips those entirely; Gatekeeper validates every update — converter-level).
 */
export function olderVersion(pod: Record<string, unknown>): Record<string, unknown> {
  const old = structuredClone(pod);
  const meta = (old.metadata ?? {}) as Record<string, unknown>;
  old.metadata = { ...meta, labels: { generation: "old" } };
  return old;
}

/** Run a shared case's pod (create, or update with its old pod) under the concern-only PSP. */
export function caseDifferential(emitter: ConcernEmitter, c: PspCase, fields: readonly string[]): Differential {
  const spec = (c.psps?.[0]?.spec ?? {}) as Record<string, unknown>;
  const psp = concernPsp(spec, fields, c.psps?.[0]?.name ?? "p");
  return differential(
    emitter,
    psp,
    c.pod as Record<string, unknown>,
    c.operation ?? "create",
    c.oldPod as Record<string, unknown> | undefined,
  );
}

/** A generated pod, created, or updated from an older version of itself: `sameOutcome` finds no difference. */
export function expectAgreement(
  emitter: ConcernEmitter,
  psp: PodSecurityPolicy,
  pod: Record<string, unknown>,
  fields: (pod: Record<string, unknown>) => unknown,
  update: boolean,
): void {
  const d = update ? differential(emitter, psp, pod, "update", olderVersion(pod)) : differential(emitter, psp, pod);
  expect(sameOutcome(d, fields)).toBeUndefined();
}

/**
 * `describe("shared cases (create and update), engine vs simulator")`: more than `moreThan` shared
 * cases of these case files (or covering `pspFields`), and one test per case: the case's pod under
 * the concern-only PSP, `sameOutcome` finds no difference.
 */
export function describeSharedCases(
  emitter: ConcernEmitter,
  files: readonly string[],
  pspFields: readonly string[],
  fields: (pod: Record<string, unknown>) => unknown,
  moreThan = 0,
): void {
  describe("shared cases (create and update), engine vs simulator", () => {
    const cases = singlePspCases(files, pspFields);
    it("has cases", () => expect(cases.length).toBeGreaterThan(moreThan));
    for (const c of cases) {
      it(c.name, () => expect(sameOutcome(caseDifferential(emitter, c, pspFields), fields)).toBeUndefined());
    }
  });
}

/**
 * The admission guards, for the pod `refused()` gives (one the constraint refuses under that PSP):
 * `describe("<concern>: DELETE")` — it may still be deleted; `describe("<concern>: updates of only
 * ownerReferences/finalizers")` — such an update of it is admitted by both, without messages, plus
 * the concern's own `moreUpdateTests` in that describe.
 */
export function describeAdmissionGuards(
  emitter: ConcernEmitter,
  refused: () => { psp: PodSecurityPolicy; pod: Record<string, unknown> },
  moreUpdateTests?: () => void,
): void {
  describe(`${emitter.concern}: DELETE`, () => {
    it("is never refused (PSP does not evaluate DELETE), even for a pod the constraint refuses", () => {
      const { psp, pod } = refused();
      expect(deleteAllowed(emitter, psp, pod)).toBe(true);
    });
  });

  describe(`${emitter.concern}: updates of only ownerReferences/finalizers`, () => {
    it("are not validated (PSP does not evaluate them), even for a stored pod the constraint refuses", () => {
      const { psp, pod: stored } = refused();
      const d = differential(emitter, psp, withFinalizer(stored), "update", stored);
      expect(d.psp.allowed).toBe(true);
      expect(d.gk.allowed).toBe(true);
      expect(d.gk.messages).toEqual([]);
    });
    moreUpdateTests?.();
  });
}
