/**
 * The command-line program: argument parsing, dispatch, and the one place that turns every failure
 * into an exit code and a message (never a stack trace). `runCli` is what `main.ts` calls with the
 * real process and what the tests call in-process.
 */
import { Command, CommanderError } from "commander";
import { registerConvert } from "./commands/convert.js";
import { registerExplain } from "./commands/explain.js";
import { registerInspect } from "./commands/inspect.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerVerify } from "./commands/verify.js";
import { UsageError } from "./errors.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";

export const VERSION = "0.1.0";

/** What a command needs from the program: the outside world, and a way to report its exit code. */
export interface CommandContext {
  io: CliIo;
  exit(code: number): void;
}

const OVERVIEW = `
psp2gk reads your cluster's PodSecurityPolicies and RBAC (as YAML from kubectl, files or
directories) and works out which policies each namespace, service account and requesting user
can use — the input a faithful migration to OPA Gatekeeper needs.

Examples:
  # Dump a live cluster and see who may use which PSP
  kubectl get psp,clusterroles,clusterrolebindings,roles,rolebindings,namespaces,serviceaccounts -A -o yaml \\
    | psp2gk inspect -f -

  # The same from saved files and directories, as JSON for scripts
  psp2gk inspect -f cluster-dump.yaml -f manifests/ -o json

  # Would this pod be admitted, under which PSP, and what would PSP change?
  psp2gk simulate -f cluster-dump.yaml --pod pod.yaml

  # What can pods of one service account use, and what would PSP do to a bare pod?
  psp2gk explain -f cluster-dump.yaml --namespace team-a --service-account builder

  # Gatekeeper templates, constraints and mutators for a single-policy cluster
  psp2gk convert -f cluster-dump.yaml -o gatekeeper-policies

  # Replay the cluster's pods and workloads through PSP and through those policies
  psp2gk verify -f cluster-dump.yaml --pods workloads.yaml --converted gatekeeper-policies

Exit codes: 0 ok, 1 findings (a denied pod), 2 usage or input error (or a refused conversion), 70 internal error (a bug; please report it).
Run "psp2gk help <command>" for a command's options and examples.
`;

export function buildProgram(ctx: CommandContext): Command {
  const program = new Command("psp2gk")
    .description("Migrate a Kubernetes cluster from PodSecurityPolicy to OPA Gatekeeper.")
    .version(VERSION, "-V, --version", "print the psp2gk version")
    .helpOption("-h, --help", "show help")
    .addHelpText("after", OVERVIEW)
    .showHelpAfterError('(run "psp2gk help" or "psp2gk <command> --help" for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
    });
  registerInspect(program, ctx);
  registerSimulate(program, ctx);
  registerExplain(program, ctx);
  registerConvert(program, ctx);
  registerVerify(program, ctx);
  return program;
}

/**
 * Runs one psp2gk invocation (`argv` without node and script) and returns its exit code.
 * Never throws: usage errors exit 2, internal errors exit 70, each with a one-line message.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const ctx: CommandContext = {
    io,
    exit: (c) => {
      code = Math.max(code, c);
    },
  };
  try {
    // Every command is a subcommand; without one, show the overview on stderr and fail like any usage error.
    if (argv.length === 0) {
      buildProgram(ctx).outputHelp({ error: true });
      return EXIT.usage;
    }
    await buildProgram(ctx).parseAsync([...argv], { from: "user" });
    return code;
  } catch (err) {
    return exitCodeFor(err, io);
  }
}

function exitCodeFor(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    // Commander has already printed its message (and help for help requests) through configureOutput.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof UsageError) {
    io.stderr(`psp2gk: error: ${err.message}\n`);
    return EXIT.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`psp2gk: internal error, please report: ${message.split("\n")[0]}\n`);
  return EXIT.internal;
}
