/**
 * Property-based differential: generated pods (generators.ts) in every PSP set + RBAC of the cases,
 * decided by the real PSP admission controller and by our engine; allowed, who refused, chosen PSP
 * and PSP-written fields must agree. Fixed seed (env PSP_ORACLE_SEED, printed), bounded number of
 * pods (env PSP_ORACLE_RUNS, default 3000). Pods are grouped per environment so PSPs and RBAC are
 * installed once per set. Each disagreement is shrunk against the live oracle and printed as a
 * ready-to-paste psp-cases/v1 case (also written to .psp2gk-tmp-oracle/disagreements-<seed>.yaml).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import { REPO_ROOT, readCases } from "../cases/read-cases.js";
import { regressionCase, renderCases } from "./case-writer.js";
import { OracleClient, type OracleVerdict } from "./client.js";
import { decisionDifferences, engineDecision, oracleDecision } from "./decision.js";
import { engineAdmit, engineUnavailable } from "./engine.js";
import { environmentsFromCases, scenarioArbitrary } from "./generators.js";
import { minimisePod } from "./minimise.js";
import { oracleRequester, type Scenario } from "./scenario.js";

const SEED = Number(process.env.PSP_ORACLE_SEED ?? 20240601);
const RUNS = Number(process.env.PSP_ORACLE_RUNS ?? 3000);
/** Distinct disagreements shrunk and printed per environment; more only counted (they are usually one bug). */
const REPORT_PER_ENV = 3;

const environments = environmentsFromCases(readCases());
const perEnv = Math.max(1, Math.ceil(RUNS / environments.length));
let client: OracleClient;
const stats = { pods: 0, disagreeing: 0, apiInvalid: 0, denied: 0, admitted: 0, millis: 0 };
const found: Record<string, unknown>[] = [];

beforeAll(() => {
  client = OracleClient.fromEnv();
  console.log(`oracle fuzz: seed ${SEED}, ${perEnv} pods in each of ${environments.length} PSP sets`);
});

afterAll(async () => {
  await client.reset();
  client.close();
  console.log(
    `oracle fuzz: seed ${SEED}: ${stats.pods} pods compared in ${(stats.millis / 1000).toFixed(1)} s ` +
      `(${stats.admitted} admitted, ${stats.denied} denied by PSP, ${stats.apiInvalid} refused by core validation), ` +
      `${stats.disagreeing} disagreements`,
  );
  if (found.length > 0) {
    const dir = resolve(REPO_ROOT, ".psp2gk-tmp-oracle");
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, `disagreements-${SEED}.yaml`);
    writeFileSync(file, renderCases(found));
    console.log(`oracle fuzz: ${found.length} shrunk disagreements written to ${file}`);
  }
});

/** Oracle and engine on one scenario; the differences (empty = agreement). */
async function compare(
  s: Scenario,
  stored: PodSecurityPolicy[],
): Promise<{ verdict: OracleVerdict; differences: string[] }> {
  const verdict = await client.dryRunCreate(s.pod, oracleRequester(s));
  const differences = decisionDifferences(
    oracleDecision(verdict, "create"),
    engineDecision(engineAdmit(s, stored), "create"),
  );
  return { verdict, differences };
}

/**
 * The kind of a disagreement, e.g. `allowed` or `pod containers.containers[0].securityContext.runAsUser`;
 * for a core-validation refusal also the server's reason, so shrinking cannot drift to another one.
 */
function signatureOf(differences: string[], verdict: OracleVerdict): string | undefined {
  if (differences.length === 0) return undefined;
  const kinds = differences.map((d) => d.split(":")[0]).join(" | ");
  return verdict.outcome === "invalid" ? `${kinds} | ${verdict.message.replace(/^.*? is invalid: /, "")}` : kinds;
}

describe(`fuzz differential against the real PSP admission controller (seed ${SEED})`, () => {
  it("has environments to fuzz", () => {
    expect(environments.length).toBeGreaterThan(10);
  });

  environments.forEach((env, index) => {
    it(`PSP set of ${env.from}`, async () => {
      const scenarios = fc.sample(scenarioArbitrary(env), { seed: SEED + index, numRuns: perEnv });
      const missing = engineUnavailable(scenarios[0] as Scenario);
      if (missing) {
        console.warn(`PSP set of ${env.from}: engine comparison not run: ${missing}`);
        return;
      }
      const start = performance.now();
      const stored = await client.install(env.psps, env.rbac ?? []);
      const signatures = new Map<string, number>();
      for (const s of scenarios) {
        const { verdict, differences } = await compare(s, stored);
        stats.pods++;
        if (verdict.outcome === "admitted") stats.admitted++;
        else if (verdict.outcome === "denied") stats.denied++;
        else stats.apiInvalid++;
        const signature = signatureOf(differences, verdict);
        if (!signature) continue;
        stats.disagreeing++;
        signatures.set(signature, (signatures.get(signature) ?? 0) + 1);
        if ((signatures.get(signature) ?? 0) > 1 || signatures.size > REPORT_PER_ENV) continue;
        const shrunk = await minimisePod(s.pod, async (pod: Pod) => {
          const probe = await compare({ ...s, pod }, stored);
          return signatureOf(probe.differences, probe.verdict);
        });
        const small = { ...s, name: `oracle/${env.from.replace(/\//g, "-")}-${found.length + 1}`, pod: shrunk.pod };
        const again = await compare(small, stored);
        const caseDoc = regressionCase(
          small,
          again.verdict,
          `oracle differential seed ${SEED} (PSP set of case ${env.from})`,
          `engine disagreed with kube-apiserver v1.20: ${again.differences.join("; ")}` +
            (again.verdict.outcome === "admitted" ? "" : `; oracle said: ${again.verdict.message}`),
        );
        found.push(caseDoc);
        console.log(`DISAGREEMENT (seed ${SEED}, PSP set of ${env.from}):\n${renderCases([caseDoc])}`);
      }
      stats.millis += performance.now() - start;
      expect(Object.fromEntries(signatures), `disagreements in the PSP set of ${env.from}`).toEqual({});
    });
  });
});
