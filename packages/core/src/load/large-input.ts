/**
 * Large inputs. The yaml library builds a full syntax tree (about 80 bytes of memory per input byte,
 * and about 1 s per MB), so a 50 MB `kubectl get -A -o yaml` dump cannot be parsed in one piece within
 * a sane memory budget. Instead:
 *  - YAML is cut into documents at `---` lines, and a big `kind: List` document into its items (the
 *    `- ` entries of the top-level `items:` sequence); each piece is parsed alone and its tree dropped.
 *  - JSON is read with JSON.parse (fast, small), and item positions come from a light scan.
 * Positions stay exact: every piece is parsed with its offset in the file. Cutting is only done for
 * large inputs, so the rare YAML it cannot cut (an anchor in one List item used in another) only
 * matters there; such an input gets a clear error.
 */
import type { Diagnostic } from "../model/diagnostics.js";
import { flattenLists, isListObject, withImpliedType } from "./flatten.js";
import { jsonErrorOffset } from "./json-error.js";
import { parseYamlDocuments } from "./parse-yaml.js";
import { LineIndex, lazyLocator } from "./positions.js";
import type { Locate, ParsedObject, ParsedObjects } from "./types.js";

export interface Limits {
  /** Inputs (and documents) up to this many characters are parsed in one piece. */
  wholeParseChars: number;
  /** A document that cannot be cut into List items is refused above this size. */
  maxDocumentChars: number;
}
export const DEFAULT_LIMITS: Limits = { wholeParseChars: 2_000_000, maxDocumentChars: 12_000_000 };

interface Span {
  start: number;
  end: number;
}

/** Document spans: a line starting with `---` begins a document, a line starting with `...` ends one. */
export function splitYamlDocuments(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf("\n", lineStart);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const isMarker = (m: string) => text.startsWith(m, lineStart) && /[\s]/.test(text[lineStart + 3] ?? "\n");
    if (isMarker("---") && lineStart > start) {
      spans.push({ start, end: lineStart });
      start = lineStart;
    } else if (isMarker("...")) {
      spans.push({ start, end: lineEnd });
      start = lineEnd;
    }
    lineStart = lineEnd;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

interface ListCut {
  /** The document with `items:` emptied and item lines blanked (so line numbers still match). */
  shell: string;
  /** Each item's text, with its `-` replaced by a space so columns still match, and its offset in the document. */
  items: { text: string; start: number }[];
}

/**
 * Cut a block-style List document into its items. Only the top-level `items:` key is cut, and only a
 * block sequence under it: any other shape returns undefined.
 */
export function cutListItems(doc: string): ListCut | undefined {
  const itemsKey = /^items:[ \t]*(#.*)?\r?$/m.exec(doc);
  if (!itemsKey) return undefined;
  const afterKey = doc.indexOf("\n", itemsKey.index) + 1;
  if (afterKey === 0) return undefined;
  let indent: number | undefined;
  const starts: number[] = [];
  let end = doc.length;
  let lineStart = afterKey;
  while (lineStart < doc.length) {
    const nl = doc.indexOf("\n", lineStart);
    const lineEnd = nl === -1 ? doc.length : nl + 1;
    const line = doc.slice(lineStart, lineEnd);
    const content = line.trimStart();
    const lead = line.length - content.length;
    const blank = content === "" || content.startsWith("#");
    if (!blank) {
      if (indent === undefined) {
        if (!/^-(\s|$)/.test(content)) return undefined; // not a block sequence
        indent = lead;
      }
      if (lead === indent && /^-(\s|$)/.test(content)) starts.push(lineStart);
      else if (lead <= indent) {
        end = lineStart;
        break;
      }
    }
    lineStart = lineEnd;
  }
  if (indent === undefined) return undefined;
  const dash = indent;
  const items = starts.map((s, i) => {
    const e = starts[i + 1] ?? end;
    return { start: s, text: `${doc.slice(s, s + dash)} ${doc.slice(s + dash + 1, e)}` };
  });
  const blankedLines = "\n".repeat(countNewlines(doc, afterKey, end));
  const shell = `${doc.slice(0, itemsKey.index)}items: []\n${blankedLines}${doc.slice(end)}`;
  return { shell, items };
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < to; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function tooLarge(file: string, line: number, chars: number, limits: Limits): Diagnostic {
  return {
    level: "error",
    code: "input-too-large",
    message:
      `document of ${(chars / 1e6).toFixed(1)} MB is larger than the ${(limits.maxDocumentChars / 1e6).toFixed(0)} MB ` +
      "psp2gk parses in one piece and is not a block-style kind: List it can cut into items; " +
      "split it into several documents (---) or export it with kubectl get -o yaml or -o json",
    source: { file, line, col: 1 },
  };
}

/** A large YAML stream, document by document; big List documents item by item. */
export function parseLargeYaml(text: string, file: string, limits: Limits): ParsedObjects {
  const lines = new LineIndex(text);
  const out: ParsedObjects = { objects: [], diagnostics: [] };
  const add = (r: ParsedObjects) => {
    for (const o of r.objects) out.objects.push(o);
    for (const d of r.diagnostics) out.diagnostics.push(d);
  };
  for (const span of splitYamlDocuments(text)) {
    const doc = text.slice(span.start, span.end);
    const docLine = lines.pos(span.start).line;
    if (doc.length <= limits.wholeParseChars) {
      add(parseYamlDocuments(doc, file, { lines: docLine - 1, cols: 0 }, false));
      continue;
    }
    const cut = cutListItems(doc);
    const shell = cut ? parseYamlDocuments(cut.shell, file, { lines: docLine - 1, cols: 0 }, false, false) : undefined;
    const list = shell?.objects.length === 1 && shell.diagnostics.length === 0 ? shell.objects[0] : undefined;
    const listValue = list?.value;
    if (!cut || !list || !isListObject(listValue)) {
      if (doc.length <= limits.maxDocumentChars)
        add(parseYamlDocuments(doc, file, { lines: docLine - 1, cols: 0 }, false));
      else out.diagnostics.push(tooLarge(file, docLine, doc.length, limits));
      continue;
    }
    for (const item of cut.items) {
      const itemLine = lines.pos(span.start + item.start).line;
      const parsed = parseYamlDocuments(item.text, file, { lines: itemLine - 1, cols: 0 }, false);
      for (const d of parsed.diagnostics) out.diagnostics.push(d);
      for (const o of parsed.objects) out.objects.push({ ...o, value: withImpliedType(o.value, listValue) });
    }
  }
  return out;
}

/** True when the text is JSON rather than YAML (its first significant character opens an object or array). */
export function looksLikeJson(text: string): boolean {
  const m = /\S/.exec(text);
  return m !== null && (m[0] === "{" || m[0] === "[");
}

/**
 * Spans of the elements of the top-level array, or of the top-level object's `items` array: a
 * string-aware bracket scan, no parsing.
 */
export function jsonItemSpans(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let inString = false;
  let lastKeyStart = -1;
  let lastKeyEnd = -1;
  let itemsDepth = -1; // depth inside the items array, once found
  let elementStart = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) {
        inString = false;
        if (depth === 1) lastKeyEnd = i + 1;
      }
      continue;
    }
    if (depth === itemsDepth && elementStart === -1 && ch > 32 && ch !== 44 && ch !== 93) elementStart = i;
    switch (ch) {
      case 34:
        inString = true;
        if (depth === 1) lastKeyStart = i;
        break;
      case 123: // {
      case 91: {
        // [
        depth++;
        const topArray = depth === 1 && ch === 91;
        const itemsArray = depth === 2 && ch === 91 && text.slice(lastKeyStart, lastKeyEnd) === '"items"';
        if (itemsDepth === -1 && (topArray || itemsArray)) itemsDepth = depth;
        break;
      }
      case 125: // }
      case 93: // ]
        if (depth === itemsDepth && elementStart !== -1) {
          spans.push({ start: elementStart, end: lastNonSpace(text, i) });
          elementStart = -1;
        }
        if (depth === itemsDepth) return spans; // the items array closed
        depth--;
        break;
      case 44: // ,
        if (depth === itemsDepth && elementStart !== -1) {
          spans.push({ start: elementStart, end: lastNonSpace(text, i) });
          elementStart = -1;
        }
        break;
    }
  }
  return spans;
}

function lastNonSpace(text: string, before: number): number {
  let e = before;
  while (e > 0 && /\s/.test(text[e - 1] as string)) e--;
  return e;
}

/** JSON.parse, or a `json-syntax` diagnostic at the line and column of the first error. */
export function parseJson(
  text: string,
  file: string,
  lines: LineIndex = new LineIndex(text),
): { value: unknown } | { diagnostic: Diagnostic } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = jsonErrorOffset(text) ?? 0;
    // V8: `Unexpected token ',', ..."items": [,]"... is not valid JSON` → `Unexpected token ','`.
    const reason = message.split(/, (?:\.\.\.)?"| in JSON at position/)[0];
    return {
      diagnostic: {
        level: "error",
        code: "json-syntax",
        message: `invalid JSON: ${reason}`,
        source: { file, ...lines.pos(offset) },
      },
    };
  }
}

/** A large JSON document: JSON.parse for the data, a bracket scan and lazy re-parsing for positions. */
export function parseLargeJson(text: string, file: string): ParsedObjects {
  const lines = new LineIndex(text);
  const parsed = parseJson(text, file, lines);
  if ("diagnostic" in parsed) return { objects: [], diagnostics: [parsed.diagnostic] };
  const value = parsed.value;
  const first = /\S/.exec(text)?.index ?? 0;
  const source = { file, ...lines.pos(first) };
  const spans = jsonItemSpans(text);
  const itemLocators = new Map<number, Locate>();
  const itemLocate = (i: number): Locate | undefined => {
    const span = spans[i];
    if (!span) return undefined;
    let loc = itemLocators.get(i);
    if (!loc) {
      const p = lines.pos(span.start);
      loc = lazyLocator(text.slice(span.start, span.end), file, { lines: p.line - 1, cols: p.col - 1 });
      itemLocators.set(i, loc);
    }
    return loc;
  };
  const prefixLen = Array.isArray(value) ? 0 : 1;
  const locate: Locate = (path) => {
    const index = path[prefixLen];
    if (typeof index === "number" && (prefixLen === 0 || path[0] === "items")) {
      const span = spans[index];
      // The item itself: straight from the scan, so listing items never re-parses them.
      if (span && path.length === prefixLen + 1) return { file, ...lines.pos(span.start) };
      const loc = itemLocate(index);
      if (loc) return loc(path.slice(prefixLen + 1)) ?? source;
    }
    return source;
  };
  const root: ParsedObject = { value, source, locate };
  return { objects: flattenLists(root), diagnostics: [] };
}
