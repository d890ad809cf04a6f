/**
 * Text-level rewriting of CEL expressions for the policy-set composition. The concern sources are
 * our own static code, and every rewrite touches only `variables.<name>` references in code (never
 * inside string literals), so a small, exact scanner is enough; the composed source is then parsed
 * and linted like every other template.
 */

/** CEL string literals (raw or not, single, double or triple quoted). */
const STRING_LITERAL = /([rR]?(?:'''[\s\S]*?'''|"""[\s\S]*?"""|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"))/;

/** The expression cut into code (even indexes) and string literals (odd indexes). */
function segments(expression: string): string[] {
  return expression.split(STRING_LITERAL);
}

/** Applies `rewrite` to the code parts of `expression`, leaving string literals untouched. */
function mapCode(expression: string, rewrite: (code: string) => string): string {
  return segments(expression)
    .map((part, i) => (i % 2 === 0 ? rewrite(part) : part))
    .join("");
}

/** A `variables.<name>` reference (not a field of something else, e.g. `x.variables.y`). */
const VARIABLE_REF = /(?<![.\w])variables\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)/g;

/** Names `n` of the `variables.n` references in the code of `expression`, in order of first use. */
export function variableRefs(expression: string): string[] {
  const found = new Set<string>();
  for (const code of segments(expression).filter((_, i) => i % 2 === 0)) {
    for (const m of code.matchAll(VARIABLE_REF)) if (m[1]) found.add(m[1]);
  }
  return [...found];
}

/** `expression` with every `variables.<name>` in code replaced by `replace(name)`. */
export function rewriteVariableRefs(expression: string, replace: (name: string) => string): string {
  return mapCode(expression, (code) => code.replace(VARIABLE_REF, (_, name: string) => replace(name)));
}

/** Identifiers of the code of `expression` (names, fields, functions, macro variables). */
export function identifiers(expression: string): string[] {
  const found = new Set<string>();
  for (const code of segments(expression).filter((_, i) => i % 2 === 0)) {
    for (const m of code.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) found.add(m[0]);
  }
  return [...found];
}

/** `expression` with runs of whitespace in code collapsed to one space, trimmed: a key for "same code". */
export function normalisedCode(expression: string): string {
  return mapCode(expression, (code) => code.replace(/\s+/g, " ")).trim();
}

/**
 * A CEL double-quoted string literal for `text`. JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`, ...)
 * are all CEL escapes with the same meaning.
 */
export function celString(text: string): string {
  return JSON.stringify(text);
}
