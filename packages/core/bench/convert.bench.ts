/**
 * Whole-cluster benchmarks on the golden 30-namespace / 6-PSP cluster (golden/k-thirty-namespaces-six-psps):
 * - `convert`: plan (audiences, groups, shadowing, mutation choice) and emission, without the gator suite;
 * - `verifyPods`: 1,000 pods across its namespaces and service accounts through the PSP engine and the
 *   converted output (mutators, API-server steps, the policy-set CEL), as `psp2gk verify` runs them.
 * Targets (2 cores): convert well under 1 s (measured ~15–27 ms); verify at least 400 pods/s (measured ~460–530:
 * the policy-set CEL evaluates every concern of each usable PSP). Run: `pnpm bench`.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bench, describe } from "vitest";
import { clusterPods } from "../../../golden/cluster-pods.js";
import { convert } from "../src/convert/convert.js";
import { loadInputs } from "../src/load/index.js";
import { verifyPods } from "../src/verify/index.js";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const bundle = await loadInputs([join(ROOT, "golden/k-thirty-namespaces-six-psps/input")]);
const converted = convert(bundle);
if (!converted.plan) throw new Error("the k cluster converts");
const pods = clusterPods(converted.plan, bundle, converted.report.exemptNamespaces)
  .slice(0, 1000)
  .map((object) => ({ object, source: { file: "<bench>", line: 1, col: 1 } }));

describe("whole cluster (golden k: 30 namespaces, 6 PSPs)", () => {
  bench("convert", () => {
    convert(bundle);
  });

  bench("verifyPods: 1,000 pods", () => {
    verifyPods({ ...bundle, pods: [], workloads: [] }, { converted, extra: { pods, workloads: [] } });
  });
});
