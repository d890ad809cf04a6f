/**
 * Source positions from the `yaml` library's nodes. A piece of text may be parsed on its own (a
 * List item cut out of a large file), so positions are shifted back to the whole file's lines.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { SourcePos } from "../model/diagnostics.js";
import type { PathSegment } from "../model/schemas/issues.js";
import type { Locate } from "./types.js";

/** Where a piece of text starts in its file: lines before it, and columns before it on its first line. */
export interface Shift {
  lines: number;
  cols: number;
}
export const NO_SHIFT: Shift = { lines: 0, cols: 0 };

export function shifted(file: string, local: { line: number; col: number }, shift: Shift): SourcePos {
  return {
    file,
    line: local.line + shift.lines,
    col: local.line === 1 ? local.col + shift.cols : local.col,
  };
}

/** The node at `path` below `root`, or the deepest node on the way there. */
function nodeAt(root: Node, path: readonly PathSegment[]): Node {
  let current: Node = root;
  for (const seg of path) {
    if (typeof seg === "number" && isSeq(current)) {
      const item = current.items[seg];
      if (!item || typeof item !== "object") return current;
      current = item as Node;
    } else if (typeof seg === "string" && isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) return current;
      // `key:` with nothing after it has no value node: point at the key.
      const next = (pair.value ?? pair.key) as Node | null;
      if (!next || typeof next !== "object") return current;
      current = next;
    } else {
      return current;
    }
  }
  return current;
}

export function nodeLocator(root: Node, lineCounter: LineCounter, file: string, shift: Shift): Locate {
  return (path) => {
    const node = nodeAt(root, path);
    const start = node.range?.[0];
    return start === undefined ? undefined : shifted(file, lineCounter.linePos(start), shift);
  };
}

/**
 * A locator that parses `text` again only when asked (for a diagnostic), so large inputs need not
 * keep every syntax tree in memory. The tree is kept once built: few objects ever need it.
 */
export function lazyLocator(text: string, file: string, shift: Shift): Locate {
  let inner: Locate | undefined;
  return (path) => {
    if (!inner) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(text, { lineCounter });
      const root = doc.contents as Node | null;
      inner = root ? nodeLocator(root, lineCounter, file, shift) : () => undefined;
    }
    return inner(path);
  };
}

/** Offsets of line starts, for turning an offset into a line and column without a parser. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of `offset`. */
  pos(offset: number): { line: number; col: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (this.starts[lo] as number) + 1 };
  }
}
