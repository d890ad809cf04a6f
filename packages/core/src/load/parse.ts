/** Text → objects with positions: the pure entry point (no I/O). */

import { DEFAULT_LIMITS, type Limits, looksLikeJson, parseLargeJson, parseLargeYaml } from "./large-input.js";
import { parseYamlDocuments } from "./parse-yaml.js";
import { NO_SHIFT } from "./positions.js";
import type { ParsedObjects } from "./types.js";

/**
 * Every object in a YAML or JSON text (multi-document streams, `kind: List` flattened), with file,
 * line and column, plus a diagnostic for everything that could not be read. Never throws for bad input.
 */
export function parseText(text: string, file: string, limits: Limits = DEFAULT_LIMITS): ParsedObjects {
  if (text.length <= limits.wholeParseChars) return parseYamlDocuments(text, file, NO_SHIFT, true);
  return looksLikeJson(text) ? parseLargeJson(text, file) : parseLargeYaml(text, file, limits);
}
