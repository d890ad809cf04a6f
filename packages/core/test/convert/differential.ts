/**
 * One pod through a conversion, compared with the PSP engine: the shared core of the whole-PSP harness
 * (single-psp-cases.test.ts) and the whole-PSP fuzz (single-psp-fuzz.test.ts). The pipeline and the
 * rules live in the library (`src/verify/`: replay.ts for the API server's order, classify.ts for what
 * a finding explains); this file adapts them to one PSP usable by everyone and adds the UPDATE checks.
 * A difference is *accepted* when a finding explains it (listed with the finding's code), otherwise
 * *unexplained*.
 */

import type { ConversionResult } from "../../src/convert/convert.js";
import type { Pod, PodSecurityPolicy } from "../../src/model/k8s-types.js";
import type { AdmissionResult } from "../../src/psp/admission-types.js";
import { admit } from "../../src/psp/admit.js";
import { deepCopy } from "../../src/psp/plain-data.js";
import { allowAllContext } from "../../src/psp/policy-context.js";
import { prepareForCreate } from "../../src/verify/api-server.js";
import { classify, constraintConcernsOf, type Difference } from "../../src/verify/classify.js";
import { replayGatekeeper, type Simulators, simulatorsOf } from "../../src/verify/replay.js";

export { prepareForCreate, type Simulators };

export const REQUESTER = { username: "case-requester", groups: ["system:authenticated"] };

export interface Comparison {
  engine: AdmissionResult;
  gkAllowed: boolean;
  /** The pod as the API server would store it after Gatekeeper. */
  mutated: Pod;
  accepted: string[];
  unexplained: string[];
  sims: Simulators;
}

export function simulatorOf(result: ConversionResult): Simulators {
  return simulatorsOf(result);
}

const described = (d: Difference): string =>
  d.explainedBy ? `${d.description} — [${d.explainedBy.code}] (${d.explainedBy.concern ?? "convert"})` : d.description;

/** One request through the engine (one PSP, usable by all) and through the conversion (src/verify). */
export function compare(
  result: ConversionResult,
  psp: PodSecurityPolicy,
  podIn: Pod,
  operation: "create" | "update",
  oldPodIn?: Pod,
  sims: Simulators = simulatorOf(result),
): Comparison {
  const pod = deepCopy(podIn);
  const oldPod = oldPodIn ? deepCopy(oldPodIn) : undefined;
  const engine = admit(
    pod,
    { operation, user: { user: REQUESTER.username, groups: REQUESTER.groups }, ...(oldPod ? { oldPod } : {}) },
    allowAllContext([psp]),
  );
  const gk = replayGatekeeper(sims, deepCopy(podIn), {
    operation,
    userInfo: REQUESTER,
    ...(oldPodIn ? { oldPod: deepCopy(oldPodIn) } : {}),
  });
  const namespace = podIn.metadata.namespace ?? "default";
  const facts = { findings: result.findings, constraintConcerns: constraintConcernsOf(result.constraints) };
  const { differences } = classify(engine, gk, { operation, namespace }, facts);
  return {
    engine,
    gkAllowed: gk.allowed,
    mutated: gk.pod,
    accepted: differences.filter((d) => d.explainedBy).map(described),
    unexplained: differences.filter((d) => !d.explainedBy).map(described),
    sims,
  };
}

/**
 * After an admitted CREATE: an UPDATE (a label change) of the pod as Gatekeeper stored it. PSP validates
 * it unchanged; Gatekeeper must admit it and mutate nothing. Returns the problems (empty = fine).
 */
export function updateOfStored(c: Comparison, psp: PodSecurityPolicy): string[] {
  const stored = deepCopy(c.mutated);
  const updated = deepCopy(stored);
  updated.metadata.labels = { ...updated.metadata.labels, "psp2gk.io/updated": "yes" };
  const again = admit(
    updated,
    { operation: "update", user: { user: REQUESTER.username, groups: REQUESTER.groups }, oldPod: stored },
    allowAllContext([psp]),
  );
  const gk = c.sims.both.reviewPod(deepCopy(updated), { operation: "UPDATE", userInfo: REQUESTER, oldPod: stored });
  const problems: string[] = [];
  if (gk.mutations.length > 0)
    problems.push(`Gatekeeper mutates the stored pod on update: ${JSON.stringify(gk.mutations)}`);
  if (!gk.allowed) problems.push(`Gatekeeper refuses the update: ${JSON.stringify(gk.violations)}`);
  if (!again.allowed) problems.push(`PSP refuses the pod Gatekeeper stored: ${again.message}`);
  return problems;
}

/**
 * Migration: a pod PSP admitted and stored (with PSP's defaults, before Gatekeeper), updated (a label)
 * once the converted policies are installed. PSP would validate it unchanged; any difference from
 * Gatekeeper (typically a mutator writing a default at another place, which the API server refuses on
 * an immutable spec) must be reported. Returns the unexplained differences.
 */
export function updateOfPspCreated(
  result: ConversionResult,
  psp: PodSecurityPolicy,
  c: Comparison,
  sims: Simulators,
): string[] {
  const stored = prepareForCreate(c.engine.pod);
  const updated = deepCopy(stored);
  updated.metadata.labels = { ...updated.metadata.labels, "psp2gk.io/updated": "yes" };
  return compare(result, psp, updated, "update", stored, sims).unexplained;
}
