/**
 * Every finding code psp2gk can produce is documented in docs/findings.md: the codes written as
 * literals in the converter and the concern emitters, and every code actually produced when the
 * shared cases' PSPs are converted.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { convert } from "../../src/convert/convert.js";
import { bundleFromObjects } from "../../src/load/index.js";
import { REPO_ROOT, readCases } from "../cases/read-cases.js";
import { clusterGrant, EVERY_POD } from "./fixtures.js";

const DOC = readFileSync(join(REPO_ROOT, "docs/findings.md"), "utf8");
const documented = (code: string) => DOC.includes(`| \`${code}\` |`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("docs/findings.md", () => {
  it("documents every finding code written in the converter and the emitters", () => {
    const src = join(REPO_ROOT, "packages/core/src");
    const files = [
      ...sourceFiles(join(src, "convert")),
      ...sourceFiles(join(src, "plan")),
      ...readdirSync(join(src, "concerns")).flatMap((c) => {
        try {
          return sourceFiles(join(src, "concerns", c, "gatekeeper"));
        } catch {
          return [];
        }
      }),
    ];
    const codes = new Set<string>();
    for (const f of files) {
      for (const m of readFileSync(f, "utf8").matchAll(/\bcode:\s*"([a-z0-9-]+)"/g)) codes.add(m[1] as string);
    }
    expect(codes.size).toBeGreaterThan(5);
    expect([...codes].filter((c) => !documented(c))).toEqual([]);
  });

  it("documents every code produced for the shared cases' PSPs", () => {
    const codes = new Set<string>();
    for (const c of readCases()) {
      for (const p of c.psps ?? []) {
        const bundle = bundleFromObjects([
          {
            apiVersion: "policy/v1beta1",
            kind: "PodSecurityPolicy",
            metadata: { name: p.name, ...(p.annotations ? { annotations: p.annotations } : {}) },
            spec: p.spec,
          },
          ...clusterGrant(p.name, EVERY_POD),
        ]);
        for (const f of convert(bundle).findings) codes.add(f.code);
      }
    }
    expect([...codes].filter((c) => !documented(c))).toEqual([]);
  });
});
