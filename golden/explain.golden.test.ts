/**
 * Golden `explain` outputs: each case's README lists, under "## explain goldens", lines
 * `` - `explain-<namespace>-<sa>.txt`: `-n NS --service-account SA` — why it is interesting ``;
 * `expected/explain-<namespace>-<sa>.txt` holds what `psp2gk explain` prints for that audience (text),
 * and `explain-<namespace>-<sa>.stderr` its diagnostics (absent = none). Regenerate with
 * `pnpm golden:update` (PSP2GK_UPDATE_GOLDEN=1) and review the diff by eye against the README.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../packages/cli/src/cli.js";

const GOLDEN_DIR = fileURLToPath(new URL(".", import.meta.url));
const UPDATE = process.env.PSP2GK_UPDATE_GOLDEN === "1";
const LINE = /^- `(explain-[^`]+\.txt)`: `-n (\S+) --service-account (\S+)`/;

interface Entry {
  file: string;
  namespace: string;
  serviceAccount: string;
}

function entries(caseName: string): Entry[] {
  const readme = readFileSync(join(GOLDEN_DIR, caseName, "README.md"), "utf8");
  const section = readme.split(/^## explain goldens$/m)[1]?.split(/^## /m)[0] ?? "";
  return section
    .split("\n")
    .map((l) => LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ file: m[1] as string, namespace: m[2] as string, serviceAccount: m[3] as string }));
}

const cases = readdirSync(GOLDEN_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(GOLDEN_DIR, d.name, "README.md")))
  .map((d) => d.name)
  .sort()
  .filter((name) => entries(name).length > 0);

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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

function expectGolden(actual: string, file: string, optional = false): void {
  if (UPDATE) {
    if (optional && actual === "") return;
    mkdirSync(resolve(file, ".."), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (optional && !existsSync(file)) {
    expect(actual, `${file} does not exist, so no output was expected`).toBe("");
    return;
  }
  if (!existsSync(file)) throw new Error(`missing ${file}: run "pnpm golden:update" and review the result`);
  expect(actual, `${file} differs (run "pnpm golden:update" if the change is intended)`).toBe(
    readFileSync(file, "utf8"),
  );
}

describe("golden explain outputs", () => {
  it("has explain goldens for at least six clusters", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    describe(name, () => {
      const expected = join(GOLDEN_DIR, name, "expected");
      const listed = entries(name);

      it("every expected/explain-*.txt is listed in the README", () => {
        if (UPDATE) return;
        const files = readdirSync(expected).filter((f) => f.startsWith("explain-") && f.endsWith(".txt"));
        expect(files.sort()).toEqual(listed.map((e) => e.file).sort());
      });

      for (const e of listed) {
        it(`explain -n ${e.namespace} --service-account ${e.serviceAccount}`, async () => {
          const r = await run([
            "explain",
            "-f",
            `golden/${name}/input`,
            "-n",
            e.namespace,
            "--service-account",
            e.serviceAccount,
          ]);
          expectGolden(r.stdout, join(expected, e.file));
          expectGolden(r.stderr, join(expected, e.file.replace(/\.txt$/, ".stderr")), true);
          expect(r.code).toBe(/: error \[/.test(r.stderr) ? 2 : 0);
        });
      }
    });
  }
});
