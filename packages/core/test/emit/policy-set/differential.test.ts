/**
 * The policy set against its definition: with everyone allowed to use every policy, it admits a pod
 * iff some PSP's per-concern constraints (each emitter's own template and constraint, no mutators)
 * all pass, and its message names every policy with exactly that policy's per-concern messages, in
 * concern order. Pods and PSPs come from the shared cases (fast-check lists of 1–3 PSPs; pods on the
 * edges of those PSPs, from the oracle fuzz generators). Also: on every shared admission case with
 * several PSPs and allow-all authorization that PSP admits, the engine's output pod passes the policy
 * set (the policy PSP chose validates its own result).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PolicySetEntry, UsableBy } from "../../../src/emit/policy-set/index.js";
import type { PodRequest } from "../../../src/gatekeeper/index.js";
import type { Pod } from "../../../src/model/k8s-types.js";
import { admit } from "../../../src/psp/admit.js";
import { allowAllContext } from "../../../src/psp/policy-context.js";
import { type CasePsp, type PspCase, readCases } from "../../cases/read-cases.js";
import { scenarioArbitrary } from "../../oracle/generators.js";
import { EVERYONE, perConcernReview, policySetReview, pspFromCase, REQUESTER } from "./harness.js";

const cases = readCases().filter((c) => (c.kind ?? "admission") === "admission");

/** Every distinct PSP of the admission cases (by annotations + spec). */
const POOL: CasePsp[] = (() => {
  const seen = new Map<string, CasePsp>();
  for (const c of cases) {
    for (const p of c.psps ?? []) {
      const key = JSON.stringify([p.annotations ?? {}, p.spec]);
      if (!seen.has(key)) seen.set(key, p);
    }
  }
  return [...seen.values()];
})();

/** 1–3 PSPs of the pool, renamed p0.. so names are unique (order decides the message order). */
const pspsArb = fc
  .uniqueArray(fc.integer({ min: 0, max: POOL.length - 1 }), { minLength: 1, maxLength: 3 })
  .map((ids) => ids.map((id, i) => ({ ...(POOL[id] as CasePsp), name: `p${i}` })));

interface Trial {
  psps: CasePsp[];
  pod: Pod;
  update: boolean;
}

const trialArb: fc.Arbitrary<Trial> = pspsArb.chain((psps) =>
  fc.record({
    psps: fc.constant(psps),
    pod: scenarioArbitrary({
      from: "policy-set",
      psps,
      rbac: null,
      users: [],
      namespaces: ["ns"],
      serviceAccounts: [],
    }).map((s) => s.pod),
    update: fc.boolean(),
  }),
);

/** CREATE, or an UPDATE that changes a label (so PSP evaluates it) of the same pod. */
function requestOf(trial: Trial): { pod: Record<string, unknown>; request: PodRequest } {
  const pod = structuredClone(trial.pod) as unknown as Record<string, unknown>;
  if (!trial.update) return { pod, request: { operation: "CREATE", userInfo: REQUESTER } };
  const updated = structuredClone(pod) as { metadata: Record<string, unknown> };
  updated.metadata.labels = { changed: "yes" };
  return { pod: updated, request: { operation: "UPDATE", userInfo: REQUESTER, oldPod: pod } };
}

describe("policy set vs per-concern constraints (everyone may use every policy)", () => {
  it("the pool has multi-PSP material", () => {
    expect(POOL.length).toBeGreaterThan(10);
  });

  it("admits iff some PSP passes all its per-concern constraints; the message lists each policy's messages", () => {
    let admitted = 0;
    let denied = 0;
    fc.assert(
      fc.property(trialArb, (trial) => {
        const { pod, request } = requestOf(trial);
        const psps = trial.psps.map((p) => pspFromCase(p));
        const perPsp = psps.map((psp) => perConcernReview(psp, pod, request));
        // An evaluation error in a per-concern template would be a bug of that template, not ours.
        expect(perPsp.some((v) => v.evaluationError)).toBe(false);
        const entries: PolicySetEntry[] = psps.map((psp) => ({ psp, usableBy: EVERYONE }));
        const set = policySetReview(entries, pod, request);
        const expected = perPsp.some((v) => v.allowed);
        expect(set.allowed).toBe(expected);
        if (expected) {
          admitted++;
          expect(set.messages).toEqual([]);
        } else {
          denied++;
          const parts = psps.map((psp, i) => `[${psp.metadata.name}: ${perPsp[i]?.messages.join("; ")}]`);
          expect(set.messages).toEqual([`unable to validate against any pod security policy: ${parts.join(" ")}`]);
        }
      }),
      { numRuns: 250, seed: 20261125 },
    );
    // Both outcomes were exercised, else the property says little.
    expect(admitted).toBeGreaterThan(5);
    expect(denied).toBeGreaterThan(5);
  });
});

/** Who may use a policy, from a small vocabulary, and who asks. */
const usableByArb: fc.Arbitrary<UsableBy> = fc.record({
  allServiceAccounts: fc.boolean(),
  serviceAccounts: fc.subarray(["app", "builder"]),
  users: fc.subarray(["alice", "bob"]),
  groups: fc.subarray(["devs", "ops"]),
});
const askerArb = fc.record({
  serviceAccount: fc.constantFrom(undefined, "", "app", "other"),
  username: fc.constantFrom("alice", "bob", "carol"),
  groups: fc.subarray(["devs", "ops", "system:authenticated"]),
});

/** The usability rule, written from the brief: SA identity only when the name is non-empty. */
/** The reference rule: an absent or empty service account is `default` (the ServiceAccount admission plugin). */
function usableFor(u: UsableBy, saIn: string, username: string, groups: readonly string[]): boolean {
  const sa = saIn === "" ? "default" : saIn;
  const requesterGroups = username === "" ? ["system:authenticated"] : groups;
  return (
    u.allServiceAccounts ||
    u.serviceAccounts.includes(sa) ||
    (username !== "" && u.users.includes(username)) ||
    requesterGroups.some((g) => u.groups.includes(g))
  );
}

describe("policy set vs per-concern constraints, with usability", () => {
  it("admits iff some usable PSP passes; the message names the usable policies only", () => {
    let admitted = 0;
    let noneUsable = 0;
    let deniedUsable = 0;
    fc.assert(
      fc.property(
        trialArb.chain((trial) =>
          fc.record({
            trial: fc.constant(trial),
            usableBy: fc.array(usableByArb, { minLength: trial.psps.length, maxLength: trial.psps.length }),
            asker: askerArb,
          }),
        ),
        ({ trial, usableBy, asker }) => {
          const spec = trial.pod.spec as unknown as Record<string, unknown>;
          delete spec.serviceAccountName;
          if (asker.serviceAccount !== undefined) spec.serviceAccountName = asker.serviceAccount;
          const { pod, request } = requestOf(trial);
          request.userInfo = { username: asker.username, groups: asker.groups };
          const psps = trial.psps.map((p) => pspFromCase(p));
          const usable = usableBy.map((u) => usableFor(u, asker.serviceAccount ?? "", asker.username, asker.groups));
          const perPsp = psps.map((psp) => perConcernReview(psp, pod, request));
          const set = policySetReview(
            psps.map((psp, i) => ({ psp, usableBy: usableBy[i] as UsableBy })),
            pod,
            request,
          );
          const expected = perPsp.some((v, i) => usable[i] && v.allowed);
          expect(set.allowed).toBe(expected);
          if (expected) {
            admitted++;
          } else if (!usable.some(Boolean)) {
            noneUsable++;
            expect(set.messages).toEqual([
              `no PodSecurityPolicy is usable by service account "${asker.serviceAccount || "default"}" or the requesting user`,
            ]);
          } else {
            deniedUsable++;
            const parts = psps.flatMap((psp, i) =>
              usable[i] ? [`[${psp.metadata.name}: ${perPsp[i]?.messages.join("; ")}]`] : [],
            );
            expect(set.messages).toEqual([`unable to validate against any pod security policy: ${parts.join(" ")}`]);
          }
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    expect(admitted).toBeGreaterThan(5);
    expect(noneUsable).toBeGreaterThan(5);
    expect(deniedUsable).toBeGreaterThan(5);
  });
});

describe("shared multi-PSP admission cases: the engine's output pod passes the policy set", () => {
  const multi = cases.filter(
    (c: PspCase) => (c.psps ?? []).length > 1 && (c.authorization?.mode ?? "allow-all") === "allow-all" && c.pod,
  );

  it("there are such cases", () => {
    expect(multi.length).toBeGreaterThan(3);
  });

  let checked = 0;
  for (const c of multi) {
    it(c.name, () => {
      const psps = (c.psps ?? []).map((p) => pspFromCase(p));
      const operation = c.operation ?? "create";
      const pod = structuredClone(c.pod) as unknown as Pod;
      const oldPod = c.oldPod ? (structuredClone(c.oldPod) as unknown as Pod) : undefined;
      const result = admit(
        pod,
        { operation, user: { user: "alice", groups: [] }, ...(oldPod ? { oldPod } : {}) },
        allowAllContext(psps),
      );
      if (!result.allowed || result.notEvaluated !== undefined) return;
      const entries: PolicySetEntry[] = psps.map((psp) => ({ psp, usableBy: EVERYONE }));
      const request: PodRequest =
        operation === "create"
          ? { operation: "CREATE", userInfo: REQUESTER }
          : { operation: "UPDATE", userInfo: REQUESTER, oldPod: oldPod as unknown };
      const set = policySetReview(entries, result.pod as unknown as Record<string, unknown>, request);
      expect(set.messages).toEqual([]);
      expect(set.allowed).toBe(true);
      checked++;
    });
  }

  // Runs after the cases above (vitest keeps declaration order in a file).
  it("most of them were admitted by PSP, so the check above ran", () => {
    expect(checked).toBeGreaterThanOrEqual(10);
  });
});
