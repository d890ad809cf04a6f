/** Names shared by the CEL and Rego compositions and the parameters. */

/** The parameters key of a concern: camelCase of its folder name (`host-network-and-ports` → `hostNetworkAndPorts`). */
export function concernKey(name: string): string {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)) {
    throw new Error(`concern name "${name}" is not lower-case words joined by "-"`);
  }
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Identifiers the composition introduces inside expressions (macro variables). A concern source that
 * used one of them would be captured by our lambdas, so the composition refuses it.
 */
export const RESERVED_LAMBDAS = ["pspPolicy", "pspMessage", "pspGroup", "pspUsable"] as const;
