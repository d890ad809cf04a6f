/**
 * Loading: files, directories and stdin → a typed, validated, positioned Bundle. See README.md.
 * `parseText` and `buildBundle` are pure; `loadInputs` adds the file system.
 */
import type { Bundle } from "../model/bundle.js";
import { buildBundle } from "./build-bundle.js";
import { flattenLists } from "./flatten.js";
import { DEFAULT_LIMITS, type Limits } from "./large-input.js";
import { parseText } from "./parse.js";
import { type ReadOptions, readInputs } from "./sources.js";
import type { ParsedObject } from "./types.js";

export { type BuildContext, buildBundle, DEFAULT_NAMESPACE } from "./build-bundle.js";
export { DEFAULT_LIMITS, type Limits } from "./large-input.js";
export { parseText } from "./parse.js";
export { MAX_ALIAS_COUNT } from "./parse-yaml.js";
export { MAX_INPUT_BYTES, type ReadOptions, STDIN_NAME } from "./sources.js";
export type { Locate, ParsedObject, ParsedObjects } from "./types.js";

export interface LoadOptions extends ReadOptions {
  limits?: Limits;
}

/**
 * Read every path (`-` = stdin; directories recursively) and build the Bundle. Never throws for bad
 * input: unreadable files, syntax errors and invalid objects are all in `bundle.diagnostics`.
 */
export async function loadInputs(paths: string[], options: LoadOptions = {}): Promise<Bundle> {
  const { texts, diagnostics } = await readInputs(paths, options);
  const objects: ParsedObject[] = [];
  for (const { file, text } of texts) {
    const parsed = parseText(text, file, options.limits ?? DEFAULT_LIMITS);
    for (const o of parsed.objects) objects.push(o);
    for (const d of parsed.diagnostics) diagnostics.push(d);
  }
  return buildBundle(objects, { diagnostics });
}

/**
 * A Bundle from in-memory values (tests, the case runner): each value is an object or a List. Their
 * source is `<file>#<n>` (1-based position in `objs`), line 1, since there is no text to point into.
 */
export function bundleFromObjects(objs: readonly unknown[], file = "<memory>"): Bundle {
  const objects = objs.flatMap((value, i) => {
    const source = { file: `${file}#${i + 1}`, line: 1, col: 1 };
    return flattenLists({ value, source, locate: () => source });
  });
  return buildBundle(objects);
}
