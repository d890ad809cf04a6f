import type { Diagnostic, SourcePos } from "../model/diagnostics.js";
import type { PathSegment } from "../model/schemas/issues.js";

/** Where a value inside an object sits in its file: the value at `path`, else its deepest existing parent. */
export type Locate = (path: readonly PathSegment[]) => SourcePos | undefined;

/** One object read from the input, before it is classified and validated. */
export interface ParsedObject {
  /** The plain JS value (JSON data model), as written. */
  value: unknown;
  /** Where the object starts (a List item's own position, not the List's). */
  source: SourcePos;
  locate: Locate;
}

export interface ParsedObjects {
  objects: ParsedObject[];
  diagnostics: Diagnostic[];
}
