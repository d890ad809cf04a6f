/**
 * Whole-PSP fuzz: for every single PSP of the shared cases (allow-all) and the golden `restricted`,
 * converted for every pod, fast-check pods built from that PSP's boundary values (the oracle
 * generators: range edges, listed and unlisted profiles, capabilities, host paths, ports, sysctls)
 * go through the engine and through the conversion (differential.ts), as a CREATE and as an UPDATE
 * (a label change) of the same pod stored unchanged (created before the policies). Every difference
 * must be one the conversion reports; after an admitted CREATE, an UPDATE of the stored pod must pass
 * both.
 * Then the same for *mixed* PSPs: each concern's fields taken from a different case PSP, so the
 * concerns' templates and mutators meet in combinations no single case has (API-invalid mixes are
 * refused by the loader and skipped). PSPs the converter refuses (a concern without an emitter) are
 * skipped here — the case harness asserts those refusals.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONCERNS } from "../../src/concerns/index.js";
import { convert } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import { REPO_ROOT, readCases } from "../cases/read-cases.js";
import type { PspInput } from "../oracle/client.js";
import { type Environment, environmentsFromCases, scenarioArbitrary } from "../oracle/generators.js";
import { compare, prepareForCreate, simulatorOf, updateOfPspCreated, updateOfStored } from "./differential.js";
import { clusterGrant, EVERY_POD } from "./fixtures.js";

const RUNS = Number(process.env.PSP2GK_FUZZ_RUNS ?? 25);

function goldenRestricted(): Environment {
  const doc = parse(readFileSync(join(REPO_ROOT, "golden/h-single-restricted/input/cluster.yaml"), "utf8")) as {
    items: {
      kind: string;
      metadata: { name: string; annotations?: Record<string, string> };
      spec: Record<string, unknown>;
    }[];
  };
  const p = doc.items.find((o) => o.kind === "PodSecurityPolicy");
  if (!p) throw new Error("golden h has no PSP");
  return {
    from: "golden/h-single-restricted",
    psps: [
      {
        name: p.metadata.name,
        ...(p.metadata.annotations ? { annotations: p.metadata.annotations } : {}),
        spec: p.spec,
      },
    ],
    rbac: null,
    users: [],
    namespaces: ["default", "shop"],
    serviceAccounts: ["default", "checkout"],
  };
}

const environments = [
  goldenRestricted(),
  ...environmentsFromCases(readCases()).filter((e) => e.rbac === null && e.psps.length === 1),
];

/** `spec.x` → x; `metadata.annotations[k]` → k. */
function fieldKey(field: string): { where: "spec" | "annotation"; key: string } {
  const m = /^metadata\.annotations\[(.+)\]$/.exec(field);
  return m ? { where: "annotation", key: m[1] as string } : { where: "spec", key: field.replace(/^spec\./, "") };
}

/** Each concern's fields from one of `pool` (chosen per concern). */
function mixedPsp(pool: readonly PspInput[], picks: readonly number[], name: string): PspInput {
  const spec: Record<string, unknown> = {};
  const annotations: Record<string, string> = {};
  CONCERNS.forEach((concern, i) => {
    const from = pool[(picks[i] ?? 0) % pool.length] as PspInput;
    for (const field of concern.pspFields) {
      const { where, key } = fieldKey(field);
      if (where === "spec" && from.spec[key] !== undefined) spec[key] = structuredClone(from.spec[key]);
      if (where === "annotation" && from.annotations?.[key] !== undefined) annotations[key] = from.annotations[key];
    }
  });
  return { name, annotations, spec };
}

const singles = environments.flatMap((e) => e.psps);
const MIXED = fc.sample(fc.array(fc.nat(), { minLength: CONCERNS.length, maxLength: CONCERNS.length }), {
  numRuns: Number(process.env.PSP2GK_FUZZ_MIXED ?? 30),
  seed: 7,
});
const mixedEnvironments: Environment[] = MIXED.map((picks, i) => ({
  from: `mix ${picks.map((p) => p % singles.length).join(",")}`,
  psps: [mixedPsp(singles, picks, `mixed-${i}`)],
  rbac: null,
  users: [],
  namespaces: ["default"],
  serviceAccounts: ["default"],
}));

let converted = 0;
const skipped: string[] = [];

describe("whole-PSP fuzz: conversion vs engine on boundary pods", () => {
  it("has environments", () => {
    expect(environments.length).toBeGreaterThan(20);
  });

  for (const env of [...environments, ...mixedEnvironments]) {
    const input = env.psps[0];
    if (!input) continue;
    it(`${input.name} (from ${env.from})`, () => {
      const bundle = bundleFromObjects([
        {
          apiVersion: "policy/v1beta1",
          kind: "PodSecurityPolicy",
          metadata: { name: input.name, ...(input.annotations ? { annotations: input.annotations } : {}) },
          spec: structuredClone(input.spec),
        },
        ...clusterGrant(input.name, EVERY_POD),
      ]);
      const psp = bundle.psps[0];
      const result = convert(bundle);
      if (result.status === "refused" || !psp || psp.inert) {
        skipped.push(`${input.name}: ${result.findings.find((f) => f.level === "error")?.code ?? "inert"}`);
        return;
      }
      converted++;
      const sims = simulatorOf(result);
      fc.assert(
        fc.property(scenarioArbitrary(env), (scenario) => {
          const cmp = compare(result, psp.object, scenario.pod, "create", undefined, sims);
          expect(cmp.unexplained, JSON.stringify(scenario.pod)).toEqual([]);
          if (cmp.engine.allowed && cmp.gkAllowed) expect(updateOfStored(cmp, psp.object)).toEqual([]);
          if (cmp.engine.allowed) expect(updateOfPspCreated(result, psp.object, cmp, sims)).toEqual([]);
          // The same pod stored as is (created before the policies existed; the API server's
          // PrepareForCreate still ran), updated (a label): differences must be reported.
          const stored = prepareForCreate(scenario.pod);
          const relabelled = structuredClone(stored);
          relabelled.metadata.labels = { ...relabelled.metadata.labels, "psp2gk.io/updated": "yes" };
          const upd = compare(result, psp.object, relabelled, "update", stored, sims);
          expect(upd.unexplained, `update of ${JSON.stringify(scenario.pod)}`).toEqual([]);
        }),
        { numRuns: RUNS, seed: Number(process.env.PSP2GK_FUZZ_SEED ?? 20261125) },
      );
    });
  }

  it("converted most PSPs (the rest are listed)", () => {
    for (const line of skipped) console.info(`not fuzzed: ${line}`);
    expect(converted).toBeGreaterThan(skipped.length);
  });
});
