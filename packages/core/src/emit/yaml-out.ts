/**
 * Deterministic YAML for everything psp2gk writes: the same objects always give the same bytes, so
 * golden files diff cleanly and "same input in any order → byte-identical output" holds.
 * Key order is the order the emitter built (Kubernetes convention: apiVersion, kind, metadata, spec),
 * never insertion accidents of input data: input maps (labels, parameters built from input) are
 * sorted by the emitter before they get here.
 */
import { stringify } from "yaml";

const OPTIONS = {
  lineWidth: 0, // never fold long strings (CEL/Rego sources and messages stay readable and diffable)
  indentSeq: true,
  aliasDuplicateObjects: false, // no &anchors/*aliases in output: kubectl and kustomize read plain YAML best
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
} as const;

/** One document, ending in a newline. Multi-line strings are emitted as block literals. */
export function toYaml(value: unknown): string {
  return stringify(value, { ...OPTIONS, blockQuote: "literal" });
}

/** A `---`-separated stream of documents. */
export function toYamlStream(values: readonly unknown[]): string {
  return values.map((v) => `---\n${toYaml(v)}`).join("");
}

/** Recursively sort object keys (for maps that come from input, e.g. labels, parameter maps). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as object).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out as T;
  }
  return value;
}
