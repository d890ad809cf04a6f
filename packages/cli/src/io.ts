/**
 * Everything the CLI does with the outside world goes through `CliIo`, so the whole CLI runs
 * in-process in tests (golden/golden.test.ts) with captured output and a fake stdin.
 */

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input as text; only called when the user names `-` as an input. */
  readStdin(): Promise<string>;
}

/** The real process: text is written as is (callers end lines themselves). */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: readAllStdin,
  };
}

async function readAllStdin(): Promise<string> {
  // A terminal on stdin means the user forgot the pipe; waiting silently would look like a hang.
  if (process.stdin.isTTY) {
    process.stderr.write("psp2gk: reading YAML from the terminal (end with Ctrl-D)...\n");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString("utf8");
}
