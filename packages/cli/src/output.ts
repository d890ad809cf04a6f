/**
 * Formatting shared by the commands: aligned text tables and JSON documents. Output must be
 * byte-stable (golden tests compare it), so nothing here depends on locale, time or terminal width.
 */

/**
 * Left-aligned columns separated by two spaces, with a header row. Trailing spaces are trimmed so
 * the output diffs cleanly. A cell may contain newlines: the row then spans several lines and the
 * other columns stay empty on the continuation lines.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[], indent = "  "): string {
  const split = [headers, ...rows].map((row) => headers.map((_, i) => (row[i] ?? "").split("\n")));
  const widths = headers.map((_, i) => Math.max(...split.map((row) => Math.max(...(row[i] ?? [""]).map(width)))));
  const lines: string[] = [];
  for (const row of split) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let line = 0; line < height; line++) {
      const cells = row.map((cell, i) => {
        const text = cell[line] ?? "";
        const last = i === row.length - 1;
        return last ? text : text + " ".repeat((widths[i] ?? 0) - width(text));
      });
      lines.push(`${indent}${cells.join("  ")}`.trimEnd());
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Display width; our output is ASCII plus a few arrows, each one column wide. */
function width(text: string): number {
  return [...text].length;
}

/** A JSON document: two-space indent and a final newline. Key order is the order the caller built. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** "1 file", "3 files". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
