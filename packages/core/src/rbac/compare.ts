/**
 * Byte-wise string order, as Go's `strings.Compare` and `sort.Strings` use. JavaScript's `<` compares
 * UTF-16 code units, which agrees with UTF-8 byte order for every Kubernetes name (they are ASCII);
 * `localeCompare` would not, so it is never used for output order.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lexicographic compare of several keys; the first difference decides. */
export function compareKeys(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number;
    const y = b[i] as string | number;
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    return compareStrings(String(x), String(y));
  }
  return a.length - b.length;
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}
