/**
 * Process exit codes, the CLI's contract with scripts and CI (documented in docs/cli.md).
 * 70 is EX_SOFTWARE from BSD sysexits.h: "an internal software error", which is what a bug in
 * psp2gk is — distinct from 2 so a script can tell "your input is wrong" from "psp2gk is wrong".
 */
export const EXIT = {
  ok: 0,
  /** The command ran and found what it reports on: a denied pod, findings. */
  findings: 1,
  /** Bad arguments or bad input files. Every problem is printed to stderr. */
  usage: 2,
  /** A bug in psp2gk: one line "internal error, please report" and the message. */
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
