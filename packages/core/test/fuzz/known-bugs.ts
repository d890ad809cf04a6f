/**
 * Disagreements the cluster fuzz found and reported, not yet fixed: each names its counterexample case
 * in known-bugs/ (replayed with `it.fails` by known-bugs.test.ts) and matches its pod verdicts as
 * narrowly as it can (it looks at the verdict, not just at the cluster). The fuzz leaves out a verdict
 * one of these recognises — counted and printed, never silently — so it keeps looking for new bugs.
 */
import type { ConversionResult } from "../../src/convert/convert.js";
import type { Bundle } from "../../src/model/bundle.js";
import type { Pod } from "../../src/model/k8s-types.js";
import type { PodVerdict, Simulators } from "../../src/verify/index.js";
import type { FuzzInput } from "./cluster-arbitrary.js";

export interface KnownBugContext {
  input: FuzzInput;
  bundle: Bundle;
  converted: ConversionResult;
  /** The generated pod of the verdict (for a Deployment, the pod its controller creates). */
  pod: Pod;
  verdict: PodVerdict;
  /** Compiled once per cluster, on first use. */
  simulators: () => Simulators;
}

export interface KnownBug {
  name: string;
  hits: (ctx: KnownBugContext) => boolean;
}

/**
 * None open: the eight bugs the fuzz found are fixed (their cases are in regressions/, docs/fuzzing.md
 * lists them). An entry looks like
 *   { name: "policy-set-admits-pod-its-psps-defaults-make-invalid",
 *     hits: ({ verdict }) => verdict.kind === "security-regression" && /is invalid/.test(verdict.psp.message ?? "") }
 * with known-bugs/<name>.yaml holding its counterexample.
 */
export const KNOWN_BUGS: readonly KnownBug[] = [];
