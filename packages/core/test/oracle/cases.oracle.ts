/**
 * Every psp-cases/v1 case (shared, PSP_CASES_DIR, our own) against the real PSP admission controller:
 * 1. sanity — the oracle agrees with the case (allowed, chosen PSP, mutations, error text/count,
 *    PSP-object validity); disputed cases (test/case-disputes.yaml) are held to the dispute's `actual`;
 * 2. differential — our engine agrees with the oracle (allowed, who refused, chosen PSP, mutated fields).
 * Cases about 1.21+ behaviour (v120-skew.ts) are run and printed but not asserted, with the reason.
 * Run with `pnpm test:oracle` (needs the server: scripts/with-oracle.sh).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdmissionExpectation, type PspCase, readCases, readDisputes } from "../cases/read-cases.js";
import { askOracle } from "./ask.js";
import { regressionCase, renderCases } from "./case-writer.js";
import { OracleClient } from "./client.js";
import { decisionDifferences, engineDecision, oracleDecision, splitErrors } from "./decision.js";
import { engineAdmit, engineUnavailable } from "./engine.js";
import { expectedView, pspView, viewDifferences } from "./pod-view.js";
import { scenarioFromCase } from "./scenario.js";
import { podSkew, pspSkew } from "./v120-skew.js";

const cases = readCases();
const disputes = readDisputes();
let client: OracleClient;
const timings: number[] = [];
const notes: string[] = [];

beforeAll(() => {
  client = OracleClient.fromEnv();
});

afterAll(async () => {
  await client.reset();
  client.close();
  const total = timings.reduce((a, b) => a + b, 0);
  console.log(
    `oracle cases: ${timings.length} run, ${total.toFixed(0)} ms total, ` +
      `${(total / Math.max(1, timings.length)).toFixed(1)} ms per case, ${client.syncMillis.toFixed(0)} ms waiting for informers`,
  );
  for (const n of notes) console.log(n);
});

function expectationOf(c: PspCase): AdmissionExpectation & { valid?: boolean } {
  const dispute = disputes.get(c.name);
  if (!dispute) return c.expected;
  notes.push(`case ${c.name} is disputed (${dispute.kubernetesSource}); checking the dispute's actual`);
  return { ...c.expected, ...dispute.actual };
}

describe("psp-cases/v1 against the real PSP admission controller (kube-apiserver v1.20)", () => {
  it("reads the cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(126);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const start = performance.now();
      try {
        if (c.kind === "psp-validation") await checkPspValidation(c);
        else await checkAdmission(c);
      } finally {
        timings.push(performance.now() - start);
      }
    });
  }
});

async function checkPspValidation(c: PspCase): Promise<void> {
  // The object under test: `psp` (a whole object) or the single entry of `psps` ({name, annotations, spec}).
  const entry = c.psps?.[0];
  const psp = (c.psp ??
    (entry && {
      metadata: { name: entry.name, ...(entry.annotations ? { annotations: entry.annotations } : {}) },
      spec: entry.spec,
    })) as Record<string, unknown> | undefined;
  if (!psp) throw new Error(`case ${c.name}: psp-validation case without a PSP`);
  const answer = await client.validatePsp(psp);
  const skew = pspSkew(psp.spec as Record<string, unknown>);
  if (skew.length > 0) {
    notes.push(`case ${c.name}: v1.20 differs by design (${skew.join("; ")}); oracle says valid=${answer.valid}`);
    return;
  }
  const expected = expectationOf(c);
  expect(answer.valid, answer.message).toBe(expected.valid);
  for (const part of expected.errorContains ?? []) expect(answer.message ?? "").toContain(part);
}

async function checkAdmission(c: PspCase): Promise<void> {
  const s = scenarioFromCase(c);
  const { verdict, stored } = await askOracle(client, s);
  const oracle = oracleDecision(verdict, s.operation);
  const explain = `oracle: ${JSON.stringify(verdict.outcome === "admitted" ? { psp: verdict.psp } : verdict)}`;

  const skew = [...podSkew(s.pod), ...podSkew(s.oldPod)];
  if (skew.length > 0) {
    notes.push(`case ${c.name}: v1.20 differs by design (${skew.join("; ")}); oracle: ${explain}`);
    return;
  }

  // 1. The oracle agrees with the case.
  const expected = expectationOf(c);
  const apiRejects = expected.rejectedBy === "api-validation";
  expect(verdict.outcome, explain).toBe(apiRejects ? "invalid" : expected.allowed ? "admitted" : "denied");
  if (verdict.outcome === "admitted" && s.operation === "create") {
    expect(verdict.psp, explain).toBe(expected.psp);
    if (expected.mutations !== undefined) {
      const diff = viewDifferences(pspView(verdict.pod), expectedView(s.pod, expected.mutations));
      expect(diff, "oracle pod ≠ case pod + mutations").toEqual([]);
    }
  }
  if (verdict.outcome !== "admitted") {
    for (const part of expected.errorContains ?? []) expect(verdict.message).toContain(part);
    if (expected.errorCount !== undefined) expect(splitErrors(verdict.message)).toHaveLength(expected.errorCount);
  }

  // 2. Our engine agrees with the oracle.
  const missing = engineUnavailable(s);
  if (missing) {
    notes.push(`case ${c.name}: engine comparison not run: ${missing}`);
    return;
  }
  const engine = engineDecision(engineAdmit(s, stored), s.operation);
  const differences = decisionDifferences(oracle, engine);
  if (differences.length > 0) {
    const yaml = renderCases([
      regressionCase(s, verdict, `oracle differential (shared case ${c.name})`, differences.join("; ")),
    ]);
    console.log(`engine disagrees with the oracle on ${c.name}:\n${differences.join("\n")}\n${yaml}`);
  }
  expect(differences, `engine vs oracle; engine message: ${engine.message ?? "-"}`).toEqual([]);
}
