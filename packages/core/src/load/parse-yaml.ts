/**
 * YAML (and JSON, which YAML 1.2 reads) documents → objects with positions. Each document is
 * converted on its own: a syntax error or an alias bomb costs that document, not the whole file.
 */
import { LineCounter, type Node, parseAllDocuments } from "yaml";
import type { Diagnostic } from "../model/diagnostics.js";
import { flattenLists } from "./flatten.js";
import { lazyLocator, nodeLocator, type Shift, shifted } from "./positions.js";
import type { ParsedObjects } from "./types.js";

/**
 * Aliases a document may expand. Kubernetes objects rarely use any; a "billion laughs" document
 * multiplies them, and the yaml library stops expanding past this count instead of exhausting memory.
 */
export const MAX_ALIAS_COUNT = 100;

/** `Nested mappings are not allowed in compact mappings at line 3, column 9:\n\n...` → the first clause. */
function shortMessage(message: string): string {
  const first = message.split("\n")[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * `flatten`: read Lists as their items (off only to look at a List's own header).
 * `keepTrees`: locate through the parsed trees (fast; for ordinary inputs). Otherwise trees are
 * dropped after conversion and re-built on demand from `text` (large inputs, see large-input.ts).
 */
export function parseYamlDocuments(
  text: string,
  file: string,
  shift: Shift,
  keepTrees: boolean,
  flatten = true,
): ParsedObjects {
  const lineCounter = new LineCounter();
  const objects: ParsedObjects["objects"] = [];
  const diagnostics: Diagnostic[] = [];
  const docs = parseAllDocuments(text, { lineCounter });
  const pos = (offset: number) => shifted(file, lineCounter.linePos(offset), shift);

  for (const doc of Array.isArray(docs) ? docs : []) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        diagnostics.push({
          level: "error",
          code: "yaml-syntax",
          message: `${shortMessage(err.message)} (the document is skipped)`,
          source: pos(err.pos[0]),
        });
      }
      continue;
    }
    const root = doc.contents as Node | null;
    if (!root) continue; // an empty document (`---` with nothing after it)
    const source = pos(root.range?.[0] ?? 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const aliases = /excessive alias count/i.test(message);
      diagnostics.push({
        level: "error",
        code: aliases ? "yaml-alias-limit" : "yaml-syntax",
        message: aliases
          ? `document expands more than ${MAX_ALIAS_COUNT} YAML aliases (a resource exhaustion guard); the document is skipped`
          : `${shortMessage(message)} (the document is skipped)`,
        source,
      });
      continue;
    }
    if (value === null || value === undefined) continue; // a document holding only comments or `null`
    const locate = keepTrees ? nodeLocator(root, lineCounter, file, shift) : lazyLocator(text, file, shift);
    const obj = { value, source, locate };
    if (flatten) objects.push(...flattenLists(obj));
    else objects.push(obj);
  }
  return { objects, diagnostics };
}
