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
 *   (stricter than PSP: any level; looser: error level), or `mutation-not-on-update` for an UPDATE whose
 *   mutation the API server refuses. Such cases are listed on the console, never skipped silently;
 * - a PSP restricting a concern that has no emitter yet (`EMITTERS[c] === undefined`) must be refused
 *   with `concern-not-emitted` naming it; an inert PSP with `no-usable-psp` (PSP rejects every pod).
 */
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert/convert.js";
import { EMITTERS } from "../../src/emit/emitters.js";
import { GatekeeperSimulator } from "../../src/gatekeeper/index.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Finding } from "../../src/model/findings.js";
import type { Pod } from "../../src/model/k8s-types.js";
import { admit } from "../../src/psp/admit.js";
import { validateCorePod } from "../../src/psp/core-validation.js";
import { deepCopy, semanticEqual } from "../../src/psp/plain-data.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { diffViews, effectiveView } from "../../src/verify/effective-view.js";
import { type PspCase, readCases, readDisputes } from "../cases/read-cases.js";
import { clusterGrant, EVERY_POD } from "./fixtures.js";

const disputes = readDisputes();
const cases = readCases().filter(
  (c) =>
    (c.kind ?? "admission") === "admission" &&
    (c.authorization?.mode ?? "allow-all") === "allow-all" &&
    (c.psps ?? []).length === 1,
);

const REQUESTER = { username: "case-requester", groups: ["system:authenticated"] };

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

/** What explains a difference between PSP and the converted policies, if the conversion reported it. */
function explained(findings: readonly Finding[], looser: boolean, update: boolean): Finding | undefined {
  if (update) {
    const f = findings.find((x) => x.code === "mutation-not-on-update");
    if (f) return f;
  }
  return findings.find((x) => x.concern !== undefined && (looser ? x.level === "error" : x.level !== "info"));
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

      const pod = deepCopy(c.pod) as unknown as Pod;
      const oldPod = c.oldPod ? (deepCopy(c.oldPod) as unknown as Pod) : undefined;
      const engine = admit(
        pod,
        { operation, user: { user: REQUESTER.username, groups: REQUESTER.groups }, ...(oldPod ? { oldPod } : {}) },
        allowAllContext(psp ? [psp] : []),
      );
      expect(engine.allowed, "the engine agrees with the case").toBe(expectedAllowed);

      const sim = new GatekeeperSimulator({
        templates: result.templates,
        constraints: result.constraints,
        mutators: result.mutators,
      });
      const review = sim.reviewPod(deepCopy(c.pod), {
        operation: operation === "create" ? "CREATE" : "UPDATE",
        userInfo: REQUESTER,
        ...(c.oldPod ? { oldPod: deepCopy(c.oldPod) } : {}),
      });
      const mutated = review.mutatedPod as unknown as Pod;
      let gkAllowed = review.allowed;
      let why = review.violations.flatMap((v) => v.messages).join("; ");
      if (gkAllowed && validateCorePod(mutated).length > 0) {
        gkAllowed = false; // the API server's validation after all mutating admission
        why = "core pod validation";
      }
      const specChanged = !semanticEqual((c.pod as { spec?: unknown }).spec, mutated.spec);
      if (gkAllowed && operation === "update" && specChanged) {
        gkAllowed = false; // pod spec is immutable: the API server refuses the mutated update
        why = "mutation of the immutable pod spec on update";
      }

      const problems: string[] = [];
      if (gkAllowed !== expectedAllowed) {
        problems.push(
          `Gatekeeper ${gkAllowed ? "allows" : "denies"} (${why}), PSP ${expectedAllowed ? "allows" : "denies"}`,
        );
      }
      if (gkAllowed && expectedAllowed && operation === "create") {
        problems.push(...diffViews(effectiveView(engine.pod), effectiveView(mutated)));
      }
      if (problems.length === 0) return;
      const looser = gkAllowed && !expectedAllowed;
      const finding = explained(result.findings, looser, operation === "update");
      expect(finding, `${problems.join("\n")}\nfindings: ${JSON.stringify(result.findings, null, 1)}`).toBeDefined();
      relied.push(
        `${c.name}: ${problems[0]} — explained by [${finding?.code}]${finding?.concern ? ` (${finding.concern})` : ""}`,
      );
    });
  }

  it("lists what the harness accepted through findings and refusals", () => {
    for (const line of relied) console.info(`accepted via finding: ${line}`);
    for (const [concern, names] of [...refusedFor].sort()) {
      console.info(`refused (no ${concern} emitter yet): ${names.length} case(s)`);
    }
  });
});
