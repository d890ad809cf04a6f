/**
 * Whole-cluster differential fuzz: random clusters (2–4 PSPs from the shared cases, mutated at their
 * boundaries; random RBAC over 1–3 namespaces; cluster-fuzz generators in cluster-arbitrary.ts) are
 * converted as a whole, and random boundary pods in those namespaces (and one the input never names)
 * are replayed by `verifyPods` as one random requester (a user, a group member, a service account, a
 * nobody) through the PSP engine (the truth) and through the converted output.
 *
 * Conversion options vary too (--style, --mutation). Property, per pod: (a) no security regression
 * unless an error-level finding about the pod's namespace or an option (exempt namespace, non-deny
 * enforcement) explains it; (b) no disagreement of any kind without an explaining finding. Verdicts of
 * known bugs (known-bugs.ts) are counted and left out. A failure prints the shrunk counterexample as a
 * psp-cases/v1 case (counterexample.ts).
 *
 * CI time is bounded by PSP2GK_FUZZ_RUNS (default 100 clusters, a few seconds); PSP2GK_FUZZ_SEED fixes
 * the seed (default fixed, `random` draws one); the seed is printed. `pnpm fuzz` runs many more
 * (docs/fuzzing.md).
 */
import { writeFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConversionResult, convert } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { Pod } from "../../src/model/k8s-types.js";
import {
  type PodVerdict,
  podFromWorkload,
  replayGatekeeper,
  type Simulators,
  serviceAccountAdmission,
  simulatorsOf,
  verifyPods,
} from "../../src/verify/index.js";
import { clusterGrant, EVERY_POD } from "../convert/fixtures.js";
import type { PspInput } from "../oracle/client.js";
import { clusterObjects, type FuzzInput, fuzzInputArbitrary, pspPool } from "./cluster-arbitrary.js";
import { counterexampleCase, violations } from "./counterexample.js";
import { KNOWN_BUGS, type KnownBugContext } from "./known-bugs.js";
import { storedPodAdmittedUnchanged } from "./stored-pod.js";

const RUNS = Number(process.env.PSP2GK_FUZZ_RUNS ?? 100);
const MAX_PODS = Number(process.env.PSP2GK_FUZZ_PODS ?? 6);
const SEED =
  process.env.PSP2GK_FUZZ_SEED === "random"
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.PSP2GK_FUZZ_SEED ?? 20261125);

/** Pool PSPs that convert on their own (the rest would only make every cluster refused). */
function convertiblePool(): { pool: PspInput[]; left: string[] } {
  const pool: PspInput[] = [];
  const left: string[] = [];
  for (const p of pspPool()) {
    const bundle = bundleFromObjects([
      {
        apiVersion: "policy/v1beta1",
        kind: "PodSecurityPolicy",
        metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
        spec: structuredClone(p.spec),
      },
      ...clusterGrant(p.name, EVERY_POD),
    ]);
    const result = bundle.psps[0]?.inert ? undefined : convert(bundle);
    if (result?.status === "converted") pool.push(p);
    else left.push(`${p.name}: ${result?.findings.find((f) => f.level === "error")?.code ?? "inert or invalid"}`);
  }
  return { pool, left };
}

/**
 * The known bug this verdict shows. PSP2GK_FUZZ_KNOWN_BUGS=check reports them all (are they fixed?);
 * `check:<name>` reports that one only (to get a fresh counterexample for it).
 */
function knownBug(ctx: KnownBugContext): string | undefined {
  const mode = process.env.PSP2GK_FUZZ_KNOWN_BUGS ?? "";
  if (mode === "check") return undefined;
  const checked = mode.startsWith("check:") ? mode.slice("check:".length) : undefined;
  return KNOWN_BUGS.find((b) => b.name !== checked && b.hits(ctx))?.name;
}

interface Stats {
  clusters: number;
  knownBugs: Map<string, number>;
  refused: Map<string, number>;
  pods: number;
  outcomes: Map<string, number>;
}

function tally(into: Map<string, number>, key: string): void {
  into.set(key, (into.get(key) ?? 0) + 1);
}

const newStats = (): Stats => ({ clusters: 0, knownBugs: new Map(), refused: new Map(), pods: 0, outcomes: new Map() });

/**
 * The pod behind a verdict: a bare pod, or the pod a Deployment's controller creates (owned by its
 * ReplicaSet, so verifyPods sends it as the ReplicaSet controller, as for the Deployment).
 */
function podOf(input: FuzzInput, object: string): Pod | undefined {
  const pod = input.pods.find((x) => `Pod/${x.metadata.namespace}/${x.metadata.name}` === object);
  if (pod) return pod;
  const workload = input.workloads.find((w) => `Deployment/${w.metadata.namespace}/${w.metadata.name}` === object);
  return workload ? podFromWorkload(workload) : undefined;
}

/** Gatekeeper's stored pod for `pod` (as verifyPods sent it), admitted unchanged by the PSP engine? */
function storedAdmitted(bundle: Bundle, sims: Simulators, pod: Pod, p: PodVerdict): boolean {
  const sent = serviceAccountAdmission(
    { ...pod, metadata: { ...pod.metadata, namespace: p.namespace } },
    undefined,
  ).pod;
  const userInfo = { username: p.requester.user, groups: p.requester.groups };
  const gk = replayGatekeeper(sims, sent, {
    operation: "create",
    userInfo,
    namespaces: bundle.namespaces.map((n) => n.object),
  });
  return storedPodAdmittedUnchanged(bundle, gk.pod, p.namespace, {
    user: p.requester.user,
    groups: p.requester.groups,
  });
}

/** Convert + verify one input; returns the problems (pod name: violation). */
function check(input: FuzzInput, stats: Stats): { problems: string[]; converted?: ConversionResult } {
  stats.clusters++;
  const bundle = bundleFromObjects(clusterObjects(input.cluster));
  const converted = convert(bundle, input.options);
  if (converted.status === "refused") {
    const codes = converted.findings.filter((f) => f.level === "error").map((f) => f.code);
    // A refusal must say why (fail closed, and say so).
    if (codes.length === 0) return { problems: ["conversion refused without an error finding"], converted };
    tally(stats.refused, [...new Set(codes)].sort().join("+"));
    return { problems: [] };
  }
  const at = { file: "<fuzz>", line: 1, col: 1 };
  const result = verifyPods(bundle, {
    converted,
    extra: {
      pods: input.pods.map((object) => ({ object, source: at })),
      workloads: input.workloads.map((object) => ({ object, source: at })),
    },
    as: input.cluster.requester,
  });
  if (result.status !== "verified") return { problems: [`verify: ${result.status}`], converted };
  const problems: string[] = [];
  let sims: Simulators | undefined;
  const simulators = () => {
    sims ??= simulatorsOf(converted);
    return sims;
  };
  for (const p of result.pods) {
    stats.pods++;
    for (const d of p.differences.length > 0 ? p.differences : [undefined]) {
      const agree = `agree (${p.psp.allowed ? "both admit" : "both deny"})`;
      tally(stats.outcomes, d ? `${p.kind} [${d.explainedBy?.code ?? "UNEXPLAINED"}]` : agree);
    }
    if (p.workload) {
      const d = p.workload.differences[0];
      tally(
        stats.outcomes,
        `workload ${p.workload.kind}${d ? ` [${d.explainedBy?.code ?? (p.workload.cause ? "cause" : "UNEXPLAINED")}]` : ""}`,
      );
    }
    const pod = podOf(input, p.object);
    const found = violations(p, () => (pod ? storedAdmitted(bundle, simulators(), pod, p) : false));
    if (found.length === 0) continue;
    const known = pod ? knownBug({ input, bundle, converted, pod, verdict: p, simulators }) : undefined;
    if (known) {
      tally(stats.knownBugs, known);
      continue;
    }
    for (const v of found) problems.push(`${p.object}: ${v}`);
  }
  return { problems, converted };
}

describe("whole-cluster fuzz: converted output vs PSP engine (verifyPods)", () => {
  it(`random clusters, RBAC, pods and requesters (seed ${SEED}, ${RUNS} runs)`, async () => {
    console.info(`cluster fuzz: PSP2GK_FUZZ_SEED=${SEED} PSP2GK_FUZZ_RUNS=${RUNS}`);
    const { pool, left } = convertiblePool();
    expect(pool.length).toBeGreaterThan(20);
    if (left.length > 0) console.info(`cluster fuzz: ${left.length} case PSPs left out of the pool (refused alone)`);
    const stats = newStats();
    const started = Date.now();
    const run = fc.check(
      fc.property(fuzzInputArbitrary(pool, MAX_PODS), (input) => {
        const { problems } = check(input, stats);
        if (problems.length > 0) throw new Error(problems.join("\n"));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    const summary = (m: Map<string, number>) =>
      [...m.entries()]
        .sort()
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");
    console.info(
      `cluster fuzz: ${stats.clusters} cluster checks (with shrinking), ${stats.pods} pod verdicts in ${Date.now() - started} ms; ` +
        `refused: ${summary(stats.refused) || "none"}; left out (known bugs): ${summary(stats.knownBugs) || "none"}\noutcomes: ${summary(stats.outcomes)}`,
    );
    if (!run.failed) {
      // The generators must keep producing pods that say something: some admitted on both sides.
      expect(stats.pods).toBeGreaterThan(RUNS);
      expect(stats.outcomes.get("agree (both admit)") ?? 0).toBeGreaterThan(RUNS / 10);
      return;
    }
    const input = run.counterexample?.[0] as FuzzInput;
    const again = check(input, newStats());
    const failing = again.problems[0] ?? String(run.errorInstance);
    const pod = podOf(input, /^([^:]+):/.exec(failing)?.[1] ?? "");
    let caseYaml = "(no pod to write a case for)";
    if (pod && again.converted) {
      caseYaml = (await counterexampleCase(input.cluster, again.converted, pod, SEED, failing, input.options)).yaml;
      // PSP2GK_FUZZ_CASE_OUT=file writes a complete psp-cases/v1 file, ready to move into cases/own/.
      const out = process.env.PSP2GK_FUZZ_CASE_OUT;
      if (out) writeFileSync(out, `format: psp-cases/v1\ncases:\n${caseYaml}`);
    }
    expect.fail(
      `cluster fuzz failed (PSP2GK_FUZZ_SEED=${SEED}, shrunk ${run.numShrinks} times):\n${again.problems.join("\n")}\n\n` +
        `Counterexample as a psp-cases/v1 case (paste under cases: in packages/core/test/cases/own/):\n${caseYaml}`,
    );
  }, 600_000);
});
