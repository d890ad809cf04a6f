#!/usr/bin/env node
/** Process entry point: run the CLI on the real argv and streams, then exit with its code. */
import { runCli } from "./cli.js";
import { EXIT } from "./exit-codes.js";
import { processIo } from "./io.js";

// `psp2gk inspect ... | head` closes the pipe early: the reader has what it wanted, so stop quietly
// instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? EXIT.ok);
    throw err;
  });
}

// Last line of defence: runCli catches everything it awaits, but a stray asynchronous error must
// still end as one line and exit 70, never a stack trace.
process.on("uncaughtException", (err) => {
  process.stderr.write(`psp2gk: internal error, please report: ${String(err?.message ?? err).split("\n")[0]}\n`);
  process.exit(EXIT.internal);
});

process.exitCode = await runCli(process.argv.slice(2), processIo());
