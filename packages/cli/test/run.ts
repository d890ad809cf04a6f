/** Runs the CLI in-process with captured output and a given stdin (test helper). */
import { runCli } from "../src/cli.js";
import type { CliIo } from "../src/io.js";

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(argv: string[], stdin = "", overrides: Partial<CliIo> = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => stdin,
    ...overrides,
  });
  return { code, stdout, stderr };
}

/** A stack trace line as Node prints it ("    at fn (file:line:col)"). */
export const STACK_LINE = /^\s+at\s/m;
