/** Option parsers shared by the commands, so every command spells `-f` and `-o` the same way. */
import { InvalidArgumentError } from "commander";

/** Collector for a repeatable option (`-f a -f b`). */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A parser for `-o` that accepts exactly `formats`. */
export function outputFormat<F extends string>(formats: readonly F[]): (value: string) => F {
  return (value) => {
    if ((formats as readonly string[]).includes(value)) return value as F;
    throw new InvalidArgumentError(`must be one of: ${formats.join(", ")}.`);
  };
}

export const FILE_OPTION_HELP =
  "input file or directory (repeatable; - reads standard input). YAML or JSON, multi-document, kind: List";
