/**
 * The whole-cluster differential: for each golden cluster that converts, pods across every namespace
 * and service account (golden/cluster-pods.ts), sent by an ordinary user, by the ReplicaSet controller
 * and by every user and group the grants name, go through the PSP engine (the truth: the cluster's
 * PSPs and RBAC) and through the converted output (mutators, API-server steps, constraints via CEL),
 * pod by pod (`verifyPods`). Then `verifyPods` on the cluster's own pods and workloads
 * (`golden/<case>/pods/`), as `psp2gk verify` would run them.
 *
 * Asserted: no security regression at all (Gatekeeper admits a pod PSP denies), and no disagreement the
 * conversion's findings do not explain. Every explained disagreement is counted and printed, so the
 * price of each approximation stays visible.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { convert } from "../packages/core/src/convert/convert.js";
import { loadInputs } from "../packages/core/src/load/index.js";
import type { Pod } from "../packages/core/src/model/k8s-types.js";
import { type VerifyResult, verifyPods } from "../packages/core/src/verify/index.js";
import { clusterPods, requestersOf } from "./cluster-pods.js";

const GOLDEN_DIR = fileURLToPath(new URL(".", import.meta.url));
const cases = readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, "input")))
  .map((d) => d.name)
  .sort();

const loaded = (pods: Pod[]) => pods.map((object) => ({ object, source: { file: "<generated>", line: 1, col: 1 } }));

function problems(result: VerifyResult): string[] {
  const out: string[] = [];
  for (const p of result.pods) {
    if (p.kind === "agree") continue;
    const unexplained = p.differences.filter((d) => !d.explainedBy);
    if (p.kind === "security-regression" || unexplained.length > 0) {
      out.push(
        `${p.kind} ${p.object} (sa ${p.serviceAccount}, as ${p.requester.user}): ${p.differences.map((d) => `${d.description}${d.explainedBy ? ` [${d.explainedBy.code}]` : " [UNEXPLAINED]"}`).join(" | ")}`,
      );
    }
  }
  return out;
}

function tally(result: VerifyResult, into: Map<string, number>): void {
  for (const p of result.pods) {
    for (const d of p.differences) {
      const key = `${p.kind} ${d.explainedBy?.code ?? "unexplained"}`;
      into.set(key, (into.get(key) ?? 0) + 1);
    }
  }
}

describe("whole-cluster differential: PSP engine vs converted output, pod by pod", () => {
  for (const name of cases) {
    it(name, async () => {
      const bundle = await loadInputs([join(GOLDEN_DIR, name, "input")]);
      const result = convert(bundle);
      if (result.status === "refused") {
        // Only clusters whose input is refused (g: invalid PSPs) may skip; the refusal must say why.
        expect(result.findings.some((f) => f.level === "error")).toBe(true);
        return;
      }
      const plan = result.plan;
      if (!plan) throw new Error("a converted result carries its plan");
      const converted = { ...result, findings: result.findings };
      const pods = clusterPods(plan, bundle, result.report.exemptNamespaces);
      const found: string[] = [];
      const counts = new Map<string, number>();
      let reviewed = 0;
      for (const requester of requestersOf(plan)) {
        const r = verifyPods(
          { ...bundle, pods: [], workloads: [] },
          { converted, extra: { pods: loaded(pods), workloads: [] }, as: requester },
        );
        reviewed += r.counts.pods;
        found.push(...problems(r));
        tally(r, counts);
      }
      const podsDir = join(GOLDEN_DIR, name, "pods");
      const own = await loadInputs(
        existsSync(podsDir) ? [join(GOLDEN_DIR, name, "input"), podsDir] : [join(GOLDEN_DIR, name, "input")],
      );
      const r = verifyPods(own, { converted });
      reviewed += r.counts.pods;
      found.push(...problems(r));
      tally(r, counts);
      const summary = [...counts.entries()].sort().map(([k, v]) => `${k}: ${v}`);
      console.log(`${name}: ${reviewed} pod reviews; explained differences: ${summary.join(", ") || "none"}`);
      expect(found, found.slice(0, 20).join("\n")).toEqual([]);
    }, 300_000);
  }
});
