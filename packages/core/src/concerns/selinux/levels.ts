/**
 * SELinux level comparison as `selinux/mustrunas.go equalLevels` does it: equal strings, or both
 * `<sensitivity>:<categories>` with the same sensitivity string and the same categories in any
 * order (`s0:c1,c0` ≡ `s0:c0,c1`).
 */

export function equalLevels(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const e = splitLevel(expected);
  const a = splitLevel(actual);
  if (!e || !a) return false;
  return e.sensitivity === a.sensitivity && sameCategories(e.categories, a.categories);
}

/** Go's `strings.SplitN(level, ":", 2)`: everything after the first colon is the category list. */
function splitLevel(level: string): { sensitivity: string; categories: string } | undefined {
  const colon = level.indexOf(":");
  if (colon < 0) return undefined;
  return { sensitivity: level.slice(0, colon), categories: level.slice(colon + 1) };
}

/**
 * Kubernetes sorts both comma-split lists and compares them element by element, so order does not
 * matter but repeats do (`c0,c0` ≠ `c0`); ranges like `c0.c3` are compared as plain strings.
 */
function sameCategories(expected: string, actual: string): boolean {
  const e = expected.split(",").sort();
  const a = actual.split(",").sort();
  return e.length === a.length && e.every((c, i) => c === a[i]);
}
