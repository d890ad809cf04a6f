/**
 * Whole-PSP fuzz: for every single PSP of the shared cases (allow-all) and the golden `restricted`,
 * converted for every pod, fast-check pods built from that PSP's boundary values (the oracle
 * generators: range edges, listed and unlisted profiles, capabilities, host paths, ports, sysctls)
 * go through the engine and through the conversion (differential.ts). Every difference must be one
 * the conversion reports; after an admitted CREATE, an UPDATE of the stored pod must pass both.
 * PSPs the converter refuses (a concern without an emitter) are skipped here — the case harness
 * asserts those refusals.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { convert } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import { REPO_ROOT, readCases } from "../cases/read-cases.js";
import { type Environment, environmentsFromCases, scenarioArbitrary } from "../oracle/generators.js";
import { compare, simulatorOf, updateOfStored } from "./differential.js";
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

describe("whole-PSP fuzz: conversion vs engine on boundary pods", () => {
  it("has environments", () => {
    expect(environments.length).toBeGreaterThan(20);
  });

  for (const env of environments) {
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
      if (result.status === "refused" || !psp || psp.inert) return;
      const sims = simulatorOf(result);
      fc.assert(
        fc.property(scenarioArbitrary(env), (scenario) => {
          const cmp = compare(result, psp.object, scenario.pod, "create", undefined, sims);
          expect(cmp.unexplained, JSON.stringify(scenario.pod)).toEqual([]);
          if (cmp.engine.allowed && cmp.gkAllowed) expect(updateOfStored(cmp, psp.object)).toEqual([]);
        }),
        { numRuns: RUNS, seed: Number(process.env.PSP2GK_FUZZ_SEED ?? 20261125) },
      );
    });
  }
});
