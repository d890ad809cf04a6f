/**
 * Golden tests: each `golden/<case>/input/` is a cluster as `kubectl get -o yaml` prints it, and
 * `expected/` holds what `psp2gk inspect` prints for it, byte for byte (text and JSON), plus
 * `inspect.stderr` when the input has diagnostics (absent = no diagnostics). For `psp2gk convert -o DIR`:
 * `expected/convert/` is the whole file tree when the conversion succeeds (exit 0), and
 * `convert.stderr` holds the findings and, for a refused conversion (exit 2, no `convert/`), the reason. The CLI runs
 * in-process through the same `runCli` as the binary. Regenerate with `pnpm golden:update`
 * (PSP2GK_UPDATE_GOLDEN=1), then review the diff of `golden/` by eye against each case's README.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../packages/cli/src/cli.js";

const GOLDEN_DIR = fileURLToPath(new URL(".", import.meta.url));
const REPO_ROOT = resolve(GOLDEN_DIR, "..");
const UPDATE = process.env.PSP2GK_UPDATE_GOLDEN === "1";

const cases = readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, "input")))
  .map((d) => d.name)
  .sort();

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => "",
  });
  return { code, stdout, stderr };
}

/**
 * Extra `convert` arguments of a case: `golden/<case>/convert.args` (whitespace-separated) when present,
 * else `--no-suite`. The gator suite is thousands of generated files per cluster and has its own tests
 * (packages/core/test/emit/gator-suite.test.ts); the cases that keep it (and `--workloads`) show its shape.
 */
function convertArgs(name: string): string[] {
  const file = join(GOLDEN_DIR, name, "convert.args");
  if (!existsSync(file)) return ["--no-suite"];
  return readFileSync(file, "utf8").split(/\s+/).filter(Boolean);
}

/** Compare with the stored file, or (update mode) write it. `optional`: an absent file means "empty". */
function expectGolden(actual: string, file: string, optional = false): void {
  if (optional && !UPDATE && !existsSync(file)) {
    expect(actual, `${file} does not exist, so no output was expected`).toBe("");
    return;
  }
  if (UPDATE) {
    if (optional && actual === "") return;
    mkdirSync(resolve(file, ".."), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`missing ${file}: run "pnpm golden:update" and review the result`);
  expect(actual, `${file} differs (run "pnpm golden:update" if the change is intended)`).toBe(
    readFileSync(file, "utf8"),
  );
}

/** Every file under `dir`, as sorted paths relative to it. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/** Compare the written tree with `expected` (or, in update mode, replace `expected` with it). */
function expectGoldenTree(actualDir: string | null, expected: string): void {
  if (UPDATE) {
    rmSync(expected, { recursive: true, force: true });
    if (actualDir === null) return;
    for (const f of tree(actualDir)) {
      mkdirSync(resolve(expected, f, ".."), { recursive: true });
      writeFileSync(join(expected, f), readFileSync(join(actualDir, f), "utf8"));
    }
    return;
  }
  if (actualDir === null) {
    expect(existsSync(expected), `${expected} exists, but the conversion wrote nothing`).toBe(false);
    return;
  }
  expect(tree(actualDir), `files written vs ${expected} (run "pnpm golden:update" if intended)`).toEqual(
    tree(expected),
  );
  for (const f of tree(actualDir)) {
    expect(readFileSync(join(actualDir, f), "utf8"), `${join(expected, f)} differs`).toBe(
      readFileSync(join(expected, f), "utf8"),
    );
  }
}

describe("golden clusters", () => {
  it("has the cases and runs from the repository root (paths in the output are relative to it)", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
    expect(process.cwd()).toBe(REPO_ROOT);
  });

  for (const name of cases) {
    describe(name, () => {
      const input = `golden/${name}/input`;
      const expected = join(GOLDEN_DIR, name, "expected");

      it("has a README saying what the right answer is", () => {
        expect(readFileSync(join(GOLDEN_DIR, name, "README.md"), "utf8")).toMatch(/right answer/i);
      });

      for (const [format, file] of [
        ["text", "inspect.txt"],
        ["json", "inspect.json"],
      ] as const) {
        it(`inspect -o ${format}`, async () => {
          const result = await run(["inspect", "-f", input, "-o", format]);
          expectGolden(result.stdout, join(expected, file));
          expectGolden(result.stderr, join(expected, "inspect.stderr"), true);
          // Exit 2 exactly when some diagnostic is an error (warnings do not fail a run).
          expect(result.code).toBe(/: error \[/.test(result.stderr) ? 2 : 0);
        });
      }

      it("convert -o DIR", async () => {
        const work = mkdtempSync(join(tmpdir(), "psp2gk-golden-"));
        try {
          const out = join(work, "out");
          const result = await run(["convert", "-f", input, "-o", out, ...convertArgs(name)]);
          expectGolden(result.stderr, join(expected, "convert.stderr"), true);
          // Exit 0 with the full tree, or exit 2 (bad input or refused) with nothing written.
          expect([0, 2]).toContain(result.code);
          expect(existsSync(out)).toBe(result.code === 0);
          expectGoldenTree(result.code === 0 ? out : null, join(expected, "convert"));
        } finally {
          rmSync(work, { recursive: true, force: true });
        }
      });
    });
  }
});
