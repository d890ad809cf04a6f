/** Where an object (or a value inside it) came from. Lines and columns are 1-based. */
export interface SourcePos {
  /** File path as given by the user, or "<stdin>". */
  file: string;
  line: number;
  col: number;
}

export type DiagnosticLevel = "error" | "warning" | "info";

/**
 * One thing psp2gk has to say about its input: a refused object, an inert PSP, a binding to a
 * missing role. Errors make the CLI exit 2; warnings are printed and the run goes on.
 */
export interface Diagnostic {
  level: DiagnosticLevel;
  /** Stable machine-readable code, e.g. `yaml-syntax`, `psp-invalid`, `psp-inert`, `rbac-missing-role`. */
  code: string;
  message: string;
  source?: SourcePos;
  /** `Kind/namespace/name` or `Kind/name` of the object concerned, when there is one. */
  resource?: string;
  /** Field path inside the object, e.g. `spec.runAsUser.ranges[0].min`. */
  path?: string;
}

/** `file:line:col` (or just the file) for messages. */
export function formatSource(pos: SourcePos | undefined): string {
  if (!pos) return "<unknown>";
  return `${pos.file}:${pos.line}:${pos.col}`;
}

/** One line per diagnostic, as the CLI prints them: `file:line:col: error [code] Kind/name spec.x: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${formatSource(d.source)}: ` : "";
  const what = [d.resource, d.path].filter(Boolean).join(" ");
  return `${where}${d.level} [${d.code}] ${what ? `${what}: ` : ""}${d.message}`;
}
