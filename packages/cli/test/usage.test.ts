/** Help, argument errors and the top-level error handling: exit codes and messages, never a stack trace. */
import { describe, expect, it } from "vitest";
import { run, STACK_LINE } from "./run.js";

const EXAMPLE = "examples/cluster";

describe("help", () => {
  it("psp2gk --help teaches with examples and exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
    expect(r.stdout).toContain("| psp2gk inspect -f -");
    expect(r.stdout).toMatch(/inspect\s.*\n(.|\n)*simulate(.|\n)*explain/);
    expect(r.stdout).toContain("Exit codes: 0 ok, 1 findings");
  });

  it.each(["inspect", "simulate", "explain"])(
    "psp2gk %s --help shows that command's options and examples",
    async (cmd) => {
      const r = await run([cmd, "--help"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: psp2gk ${cmd}`);
      expect(r.stdout).toContain("-f, --filename <path>");
      expect(r.stdout).toContain("Examples:");
      expect(r.stdout).toContain(`psp2gk ${cmd} -f`);
    },
  );

  it("psp2gk help inspect is the same as inspect --help", async () => {
    const a = await run(["help", "inspect"]);
    const b = await run(["inspect", "--help"]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it("--version prints the version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("usage errors exit 2 with a helpful message on stderr", () => {
  it("no command: the overview goes to stderr", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("Usage: psp2gk");
  });

  it("an unknown command", async () => {
    const r = await run(["convertt"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'convertt'");
  });

  it("an unknown option", async () => {
    const r = await run(["inspect", "--fiel", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--fiel'");
  });

  it("inspect without -f says how to give input", async () => {
    const r = await run(["inspect"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "psp2gk: error: no input: give -f PATH (a file or directory, repeatable) or -f - to read standard input\n",
    );
  });

  it("-o with a format the command does not have lists the valid ones", async () => {
    const r = await run(["inspect", "-f", EXAMPLE, "-o", "xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("must be one of: text, json");
    expect(r.stdout).toBe("");
  });

  it("-f - twice is refused (standard input can be read once)", async () => {
    const r = await run(["inspect", "-f", "-", "-f", "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("only once");
  });

  it("simulate cannot read both the cluster and the pod from standard input", async () => {
    const r = await run(["simulate", "-f", "-", "--pod", "-"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("standard input (-) can feed only one of -f, --pod, --old-pod");
  });

  it("repeatable options show no confusing default in help", async () => {
    const r = await run(["simulate", "--help"]);
    expect(r.stdout).not.toContain("(default: [])");
  });

  it("a stray positional argument", async () => {
    const r = await run(["inspect", "-f", EXAMPLE, "extra.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("too many arguments");
  });

  it("simulate without --pod, explain without --namespace, --group without --user", async () => {
    const sim = await run(["simulate", "-f", EXAMPLE]);
    expect(sim.code).toBe(2);
    expect(sim.stderr).toContain("simulate needs --pod PATH");
    const exp = await run(["explain", "-f", EXAMPLE]);
    expect(exp.code).toBe(2);
    expect(exp.stderr).toContain("explain needs --namespace NS");
    const grp = await run(["explain", "-f", EXAMPLE, "-n", "shop", "--group", "devs"]);
    expect(grp.code).toBe(2);
    expect(grp.stderr).toContain("--group needs --user");
  });

  it("simulate --operation must be create or update", async () => {
    const r = await run(["simulate", "-f", EXAMPLE, "--pod", "x.yaml", "--operation", "delete"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("must be one of: create, update");
  });
});

describe("internal errors", () => {
  it("an unexpected exception becomes one line and exit 70, never a stack trace", async () => {
    const r = await run(["inspect", "-f", EXAMPLE], "", {
      stdout: () => {
        throw new TypeError("boom\nsecond line");
      },
    });
    expect(r.code).toBe(70);
    expect(r.stderr).toBe("psp2gk: internal error, please report: boom\n");
    expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
