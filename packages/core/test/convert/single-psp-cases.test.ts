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

/** Which concern owns a field of the effective view (verify/effective-view.ts). */
const FIELD_CONCERN: Record<string, string> = {
  runAsUser: "run-as-user",
  runAsNonRoot: "run-as-user",
  runAsGroup: "run-as-group",
  seLinuxOptions: "selinux",
  seccompProfile: "seccomp",
  appArmorProfile: "apparmor",
  privileged: "privileged",
  allowPrivilegeEscalation: "privilege-escalation",
  readOnlyRootFilesystem: "read-only-root-filesystem",
  procMount: "proc-mount",
  capabilitiesAdd: "capabilities",
  capabilitiesDrop: "capabilities",
  hostPorts: "host-network-and-ports",
  hostNetwork: "host-network-and-ports",
  hostPID: "host-namespaces",
  hostIPC: "host-namespaces",
  fsGroup: "fs-group",
  supplementalGroups: "supplemental-groups",
  runtimeClassName: "runtime-class",
  sysctls: "sysctls",
};

/** `containers[0].runAsUser: 1 ≠ 2` → run-as-user. */
function concernOfDiff(line: string): string | undefined {
  const path = line.slice(0, line.indexOf(":"));
  const field =
    path
      .split(".")
      .pop()
      ?.replace(/\[\d+\]$/, "") ?? "";
  return FIELD_CONCERN[field];
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
      const constraintConcern = new Map(
        result.constraints.map((k) => [
          `${String(k.kind)}/${String((k.metadata as { name: string }).name)}`,
          (k.metadata as { annotations: Record<string, string> }).annotations["psp2gk.io/concern"],
        ]),
      );
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

      // Each difference must be reported by the conversion, by the concern that causes it.
      const accepted: string[] = [];
      const unexplained: string[] = [];
      const accept = (problem: string, finding: Finding | undefined) => {
        if (finding) accepted.push(`${problem} — [${finding.code}] (${finding.concern ?? "convert"})`);
        else unexplained.push(problem);
      };
      if (gkAllowed !== expectedAllowed) {
        const problem = `Gatekeeper ${gkAllowed ? "allows" : "denies"} (${why}), PSP ${expectedAllowed ? "allows" : "denies"}`;
        if (gkAllowed) {
          // Looser than PSP: only with an error-level finding.
          accept(
            problem,
            result.findings.find((f) => f.level === "error"),
          );
        } else if (why.startsWith("mutation of the immutable pod spec")) {
          accept(
            problem,
            result.findings.find((f) => f.code === "mutation-not-on-update" && f.level === "warning"),
          );
        } else {
          // Stricter than PSP: a warning or error from a concern whose constraint refused the pod.
          const concerns = review.violations.map((v) => constraintConcern.get(v.constraint));
          accept(
            problem,
            result.findings.find((f) => f.level !== "info" && f.concern !== undefined && concerns.includes(f.concern)),
          );
        }
      }
      if (gkAllowed && expectedAllowed && operation === "create") {
        for (const line of diffViews(effectiveView(engine.pod), effectiveView(mutated))) {
          const concern = concernOfDiff(line);
          accept(
            line,
            // (Not the UPDATE finding: this is a CREATE.)
            result.findings.find((f) => f.concern === concern && f.code !== "mutation-not-on-update"),
          );
        }
      }
      expect(unexplained, `unreported differences\nfindings: ${JSON.stringify(result.findings, null, 1)}`).toEqual([]);
      for (const a of accepted) relied.push(`${c.name}: ${a}`);

      // A later UPDATE (a label change) of the pod as stored after an admitted CREATE: PSP validates it
      // unchanged (its defaults were persisted); Gatekeeper must admit it too and mutate nothing.
      if (operation === "create" && engine.allowed && gkAllowed) {
        const stored = deepCopy(mutated) as unknown as Pod;
        const updated = deepCopy(stored);
        updated.metadata.labels = { ...updated.metadata.labels, "psp2gk.io/updated": "yes" };
        const again = admit(
          updated,
          { operation: "update", user: { user: REQUESTER.username, groups: REQUESTER.groups }, oldPod: stored },
          allowAllContext(psp ? [psp] : []),
        );
        const gkUpdate = sim.reviewPod(deepCopy(updated), { operation: "UPDATE", userInfo: REQUESTER, oldPod: stored });
        expect(gkUpdate.mutations, "mutators change nothing on a pod that already has the defaults").toEqual([]);
        expect(gkUpdate.allowed, JSON.stringify(gkUpdate.violations)).toBe(true);
        expect(again.allowed, again.message).toBe(true);
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
