/**
 * Soundness of `shadowedBy`: whenever it claims A shadows B, random pods B admits (engine with B
 * alone) are admitted by A alone without any PSP-specific change (only the seccomp field→annotation
 * copy every PSP makes), and with both installed A is the one chosen. Pairs come from the shared
 * cases' PSP sets, the golden clusters and the whole corpus crossed; pods from the oracle fuzz
 * generators (boundary values of both PSPs), so most of them sit on an edge of A or B.
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadInputs } from "../../src/load/index.js";
import { defaultPsp } from "../../src/model/defaults.js";
import type { PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { PspInput as PspObject } from "../../src/model/schemas/psp.js";
import { admit } from "../../src/psp/admit.js";
import { deepCopy } from "../../src/psp/plain-data.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { shadowedBy } from "../../src/psp/shadowing.js";
import { REPO_ROOT, readCases } from "../cases/read-cases.js";
import type { PspInput } from "../oracle/client.js";
import { type Environment, scenarioArbitrary } from "../oracle/generators.js";

const SECCOMP_POD = "seccomp.security.alpha.kubernetes.io/pod";
const TOTAL_PODS = Number(process.env.PSP2GK_SHADOW_PODS ?? 4000);

function fromInput(p: PspInput): PodSecurityPolicy {
  return defaultPsp({
    apiVersion: "policy/v1beta1",
    kind: "PodSecurityPolicy",
    metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
    spec: deepCopy(p.spec),
  } as PspObject);
}

function toInput(p: PodSecurityPolicy): PspInput {
  return {
    name: p.metadata.name,
    ...(p.metadata.annotations ? { annotations: { ...p.metadata.annotations } } : {}),
    spec: structuredClone(p.spec) as unknown as Record<string, unknown>,
  };
}

/** PSP sets: each shared case's, each golden cluster's. */
const sets: { from: string; psps: PodSecurityPolicy[] }[] = [];
const seen = new Set<string>();
for (const c of readCases()) {
  if (!c.psps?.length) continue;
  const key = JSON.stringify(c.psps);
  if (seen.has(key)) continue;
  seen.add(key);
  sets.push({ from: `case ${c.name}`, psps: c.psps.map((p) => fromInput(p as PspInput)) });
}
const goldenDir = resolve(REPO_ROOT, "golden");
for (const name of readdirSync(goldenDir).sort()) {
  const input = join(goldenDir, name, "input");
  if (!existsSync(input)) continue;
  const bundle = await loadInputs([input]);
  sets.push({ from: `golden ${name}`, psps: bundle.psps.map((p) => p.object) });
}

/** Ordered pairs (A sorts before B) that `shadowedBy` claims, within each set and across the corpus. */
interface Claim {
  a: PodSecurityPolicy;
  b: PodSecurityPolicy;
  from: string;
  identical: boolean;
}

function claims(): Claim[] {
  const out = new Map<string, Claim>();
  const corpus = sets.flatMap((s) => s.psps.map((p, i) => ({ p, from: s.from, i })));
  for (const x of corpus) {
    for (const y of corpus) {
      if (x === y) continue;
      // Rename so names decide the order the way we want: A first.
      const a = { ...x.p, metadata: { ...x.p.metadata, name: "a" } };
      const b = { ...y.p, metadata: { ...y.p.metadata, name: "b" } };
      const found = shadowedBy([a, b]);
      if (found.length === 0) continue;
      const key = JSON.stringify([a, b]);
      if (!out.has(key))
        out.set(key, {
          a,
          b,
          from: `${x.from}:${x.p.metadata.name} over ${y.from}:${y.p.metadata.name}`,
          identical: found[0]?.reason === "identical",
        });
    }
  }
  return [...out.values()];
}

const claimed = claims();

function envFor(a: PodSecurityPolicy, b: PodSecurityPolicy): Environment {
  return {
    from: "shadowing",
    psps: [toInput(a), toInput(b)],
    rbac: null,
    users: [],
    namespaces: ["default"],
    serviceAccounts: ["default"],
  };
}

describe("shadowedBy soundness (fast-check)", () => {
  it("finds shadowing pairs to check in the corpus", () => {
    expect(sets.length).toBeGreaterThan(10);
    expect(claimed.length).toBeGreaterThan(5);
  });

  it(`every claimed pair: pods B admits are admitted by A, unchanged, and A is chosen (${TOTAL_PODS} pods)`, () => {
    const perPair = Math.max(20, Math.ceil(TOTAL_PODS / Math.max(1, claimed.length)));
    let admittedByB = 0;
    for (const { a, b, from, identical } of claimed) {
      fc.assert(
        fc.property(scenarioArbitrary(envFor(a, b)), (s) => {
          const request = { operation: "create" as const };
          const byB = admit(structuredClone(s.pod), request, allowAllContext([b]));
          if (byB.psp !== "b") return true;
          admittedByB++;
          const byA = admit(structuredClone(s.pod), request, allowAllContext([a]));
          const psp = s.pod.spec.securityContext?.seccompProfile;
          const extra = Object.keys(byA.mutations).filter((k) => !(psp && k.includes(SECCOMP_POD)));
          const both = admit(structuredClone(s.pod), request, allowAllContext([a, b]));
          // Identical policies may both mutate: only "A is chosen" is claimed for them.
          if (byA.psp !== "a" || (!identical && extra.length > 0) || both.psp !== "a") {
            throw new Error(
              `${from}: B admits the pod but A ${byA.psp !== "a" ? `rejects it: ${byA.message}` : `changes ${extra.join(", ")}`}; chosen with both: ${both.psp}`,
            );
          }
          return true;
        }),
        { numRuns: perPair, seed: 4242 },
      );
    }
    console.log(`shadowing: ${claimed.length} claimed pairs, ${admittedByB} pods admitted by B checked`);
    expect(admittedByB).toBeGreaterThan(claimed.length);
  }, 120_000);
});
