/** Text → objects with positions: the pure entry point (no I/O). */

import {
  DEFAULT_LIMITS,
  type Limits,
  looksLikeJson,
  parseJson,
  parseLargeJson,
  parseLargeYaml,
} from "./large-input.js";
import { parseYamlDocuments } from "./parse-yaml.js";
import { NO_SHIFT } from "./positions.js";
import type { ParsedObjects } from "./types.js";

/**
 * Every object in a YAML or JSON text (multi-document streams, `kind: List` flattened), with file,
 * line and column, plus a diagnostic for everything that could not be read. Never throws for bad input.
 */
export function parseText(text: string, file: string, limits: Limits = DEFAULT_LIMITS): ParsedObjects {
  // A .json file is held to JSON (kubectl would refuse `{"a": 1,}`, which YAML's flow syntax accepts).
  if (/\.json$/i.test(file) && text.length <= limits.wholeParseChars) {
    const strict = parseJson(text, file);
    if ("diagnostic" in strict) return { objects: [], diagnostics: [strict.diagnostic] };
  }
  if (text.length <= limits.wholeParseChars) return parseYamlDocuments(text, file, NO_SHIFT, true);
  return looksLikeJson(text) ? parseLargeJson(text, file) : parseLargeYaml(text, file, limits);
}
