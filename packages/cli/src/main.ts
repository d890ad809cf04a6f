#!/usr/bin/env node
/** Process entry point: run the CLI on the real argv and streams, then exit with its code. */
import { runCli } from "./cli.js";
import { processIo } from "./io.js";

process.exitCode = await runCli(process.argv.slice(2), processIo());
