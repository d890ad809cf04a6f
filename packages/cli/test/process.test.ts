/**
 * The built binary as a real process (needs `pnpm build`, which `pnpm ci-test` runs first): exit codes
 * reach the shell, and a reader that closes the pipe early does not cause a stack trace.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STACK_LINE } from "./run.js";

const BIN = "packages/cli/dist/main.js";

describe("the psp2gk binary", () => {
  it("is built", () => {
    expect(existsSync(BIN), `${BIN} is missing: run "pnpm build" first`).toBe(true);
  });

  it("passes the exit code to the shell (1 for a denied pod)", () => {
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        "simulate",
        "-f",
        "examples/cluster/cluster.yaml",
        "--pod",
        "examples/cluster/pods/shop-debug-privileged.yaml",
        "-o",
        "json",
      ],
      { encoding: "utf8" },
    );
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).allowed).toBe(false);
  });

  it("reads -f - from a real pipe", () => {
    const r = spawnSync(process.execPath, [BIN, "inspect", "-f", "-", "-o", "json"], {
      encoding: "utf8",
      input: "apiVersion: v1\nkind: Namespace\nmetadata: {name: piped}\n",
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).namespaces).toEqual(["piped"]);
  });

  it("stops quietly when the reader closes the pipe (inspect | head -1)", () => {
    // Enough namespaces that the report is far bigger than a pipe buffer (64 KiB), so the write fails.
    const items = Array.from({ length: 3000 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: `namespace-${i}` },
    }));
    const file = join(mkdtempSync(join(tmpdir(), "psp2gk-")), "many.json");
    writeFileSync(file, JSON.stringify({ apiVersion: "v1", kind: "List", items }));
    const r = spawnSync("bash", ["-c", `node ${BIN} inspect -f ${file} | head -1`], { encoding: "utf8" });
    expect(r.stdout).toMatch(/^Read \d+ objects/);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr).not.toContain("EPIPE");
  });
});
