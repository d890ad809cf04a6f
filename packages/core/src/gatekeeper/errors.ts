/**
 * The one error type the simulator throws: a Gatekeeper object (template, constraint, mutator,
 * Config) that Gatekeeper itself would refuse or could not run. It names the object and the field,
 * so the CLI can print `Assign/foo spec.location: ...` instead of a stack trace.
 *
 * Evaluation problems of well-formed objects (a CEL runtime error, a mutation that cannot be
 * applied to one particular pod) are never thrown: they are results, because Gatekeeper turns them
 * into admission decisions too.
 */
export class GatekeeperInputError extends Error {
  override readonly name = "GatekeeperInputError";
  constructor(
    /** `Kind/name` of the Gatekeeper object concerned. */
    readonly resource: string,
    /** Field path inside that object, e.g. `spec.targets[0].code[0].source.validations[1].expression`. */
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${resource}${path ? ` ${path}` : ""}: ${detail}`);
  }
}

/** `Kind/name` (or `Kind/namespace/name`) of any object, for messages. */
export function resourceName(obj: unknown, fallbackKind = "object"): string {
  const o = (typeof obj === "object" && obj !== null ? obj : {}) as Record<string, unknown>;
  const meta = (typeof o.metadata === "object" && o.metadata !== null ? o.metadata : {}) as Record<string, unknown>;
  const kind = typeof o.kind === "string" ? o.kind : fallbackKind;
  const name = typeof meta.name === "string" ? meta.name : "<unnamed>";
  return typeof meta.namespace === "string" && meta.namespace !== ""
    ? `${kind}/${meta.namespace}/${name}`
    : `${kind}/${name}`;
}
