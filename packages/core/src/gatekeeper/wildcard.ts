/**
 * Gatekeeper's name/namespace globs (`pkg/util` / `pkg/wildcard` `Wildcard.Matches`): a `*` is
 * special only at the start and/or the end. `kube-*` is a prefix match, `*-system` a suffix match,
 * `*sys*` a substring match, anything else an exact match. There is no `*` in the middle.
 */
export function wildcardMatches(pattern: string, candidate: string): boolean {
  const starts = pattern.startsWith("*");
  const ends = pattern.length > 1 && pattern.endsWith("*");
  if (starts && ends) return candidate.includes(pattern.slice(1, -1));
  if (pattern === "*") return true;
  if (starts) return candidate.endsWith(pattern.slice(1));
  if (ends) return candidate.startsWith(pattern.slice(0, -1));
  return pattern === candidate;
}

/**
 * `Wildcard.MatchesGenerateName`: whether an object that only has `metadata.generateName` (a pod
 * created by a controller, before the API server names it) can be said to match `pattern`. Only a
 * pattern open at the end can: the final name is the generateName plus a random suffix.
 */
export function wildcardMatchesGenerateName(pattern: string, generateName: string): boolean {
  if (!pattern.endsWith("*")) return false;
  if (pattern.startsWith("*") && pattern.length > 1) return generateName.includes(pattern.slice(1, -1));
  return generateName.startsWith(pattern.slice(0, -1));
}
