/**
 * The whole-PSP harness: every shared case with `authorization: allow-all` and exactly one PSP (create
 * and update) is converted (that PSP, granted to every pod, all namespaces) and the case's pod is sent
 * through the Gatekeeper simulator (mutators, then constraints). Then, like the API server, core pod
 * validation (`psp/core-validation.ts`) runs on the result — Gatekeeper does no API validation — and on
 * UPDATE a mutation of the immutable pod spec is refused.
 *
 * Asserted per case:
 * - allowed/denied equals the case's expectation (disputes applied);
 * - when both admit on CREATE, the *effective* values (verify/effective-view.ts) equal the engine's pod,
 *   so a pod-level default and PSP's per-container writes of the same value count as equal;
 * - a difference is accepted only when the conversion reports it: a finding from the concern emitters
 *   of the concern at fault (stricter than PSP: the violated constraint's concern, warning or error;
 *   looser: error level; effective values: the field's concern), or a `mutation-not-on-update` warning
 *   for an UPDATE whose mutation the API server refuses. Such cases are listed on the console, never skipped silently;
 * - after an admitted CREATE, an UPDATE (label change) of the pod Gatekeeper stored is admitted by both
 *   Gatekeeper (mutating nothing) and PSP (validating it unchanged: Gatekeeper's defaults satisfy PSP);
 *   and an UPDATE of the pod PSP stored (migration: created before Gatekeeper) differs only as reported;
 * - a PSP restricting a concern that has no emitter yet (`EMITTERS[c] === undefined`) must be refused
 *   with `concern-not-emitted` naming it; an inert PSP with `no-usable-psp` (PSP rejects every pod).
 */
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert/convert.js";
import { EMITTERS } from "../../src/emit/emitters.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { deepCopy } from "../../src/psp/plain-data.js";
import { type PspCase, readCases, readDisputes } from "../cases/read-cases.js";
import { compare, updateOfPspCreated, updateOfStored } from "./differential.js";
import { clusterGrant, EVERY_POD } from "./fixtures.js";

const disputes = readDisputes();
const cases = readCases().filter(
  (c) =>
    (c.kind ?? "admission") === "admission" &&
    (c.authorization?.mode ?? "allow-all") === "allow-all" &&
    (c.psps ?? []).length === 1,
);

function bundleOf(c: PspCase) {
  const p = c.psps?.[0];
  if (!p) throw new Error("no PSP");
  return bundleFromObjects([
    {
      apiVersion: "policy/v1beta1",
      kind: "PodSecurityPolicy",
      metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
      spec: deepCopy(p.spec),
    },
    ...clusterGrant(p.name, EVERY_POD),
  ]);
}

const relied: string[] = [];
const refusedFor = new Map<string, string[]>();

describe("single-PSP cases through convert + the Gatekeeper simulator", () => {
  it("finds the single-PSP allow-all cases", () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dispute = disputes.get(c.name);
      const expectedAllowed = dispute?.actual.allowed ?? c.expected.allowed;
      const bundle = bundleOf(c);
      const psp = bundle.psps[0]?.object;
      const result = convert(bundle);
      const operation = c.operation ?? "create";

      if (result.status === "refused") {
        const missing = result.findings.filter((f) => f.code === "concern-not-emitted");
        if (missing.length > 0) {
          // Fail closed: only concerns that really have no emitter may cause this.
          for (const f of missing) {
            expect(EMITTERS[f.concern as string], `${f.concern} has an emitter`).toBeUndefined();
            refusedFor.set(f.concern as string, [...(refusedFor.get(f.concern as string) ?? []), c.name]);
          }
          return;
        }
        // An inert PSP: admission has no provider and rejects every pod; convert refuses to emit "deny all".
        expect(result.findings.map((f) => f.code)).toContain("no-usable-psp");
        expect(bundle.psps[0]?.inert).toBeDefined();
        expect(expectedAllowed).toBe(false);
        return;
      }
      expect(psp).toBeDefined();

      if (!psp) throw new Error("no PSP");
      const oldPod = c.oldPod ? (c.oldPod as unknown as Pod) : undefined;
      const cmp = compare(result, psp, c.pod as unknown as Pod, operation, oldPod);
      expect(cmp.engine.allowed, "the engine agrees with the case").toBe(expectedAllowed);
      expect(cmp.unexplained, `unreported differences\nfindings: ${JSON.stringify(result.findings, null, 1)}`).toEqual(
        [],
      );
      for (const a of cmp.accepted) relied.push(`${c.name}: ${a}`);
      if (operation === "create" && cmp.engine.allowed && cmp.gkAllowed) {
        expect(updateOfStored(cmp, psp)).toEqual([]);
      }
      if (operation === "create" && cmp.engine.allowed) {
        expect(updateOfPspCreated(result, psp, cmp, cmp.sims), "update of the pod PSP stored").toEqual([]);
      }
    });
  }

  it("lists what the harness accepted through findings and refusals", () => {
    for (const line of relied) console.info(`accepted via finding: ${line}`);
    for (const [concern, names] of [...refusedFor].sort()) {
      console.info(`refused (no ${concern} emitter yet): ${names.length} case(s)`);
    }
  });
});
