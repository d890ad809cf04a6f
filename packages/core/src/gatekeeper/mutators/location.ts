/**
 * Gatekeeper's mutation location syntax (`pkg/mutation/path/{token,parser}`):
 *
 *   location := segment ("." segment)*
 *   segment  := field ("[" keyField ":" (keyValue | "*") "]")?
 *   field, keyField, keyValue := [A-Za-z0-9_-]+ | "quoted" | 'quoted'   (backslash escapes in quotes)
 *
 * `spec.containers[name: app].securityContext` is three object steps and one list step: the list
 * step selects the element of `containers` whose `name` is `app`; `[name: *]` selects every element.
 * Keys with dots or slashes are quoted: `metadata.annotations."container.apparmor.security.beta.kubernetes.io/app"`.
 */

export type LocationNode =
  | { readonly type: "object"; readonly key: string }
  | { readonly type: "list"; readonly keyField: string; readonly glob: true }
  | { readonly type: "list"; readonly keyField: string; readonly glob: false; readonly keyValue: string };

export class LocationSyntaxError extends Error {
  override readonly name = "LocationSyntaxError";
}

type Token = { kind: "ident" | "." | "[" | "]" | ":" | "*" | "eof"; text: string; at: number };

const IDENT = /[A-Za-z0-9_-]/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "." || ch === "[" || ch === "]" || ch === ":" || ch === "*") {
      tokens.push({ kind: ch, text: ch, at: i });
      i++;
    } else if (ch === '"' || ch === "'") {
      const start = i;
      let text = "";
      i++;
      for (;;) {
        if (i >= input.length) throw new LocationSyntaxError(`unterminated string at position ${start}`);
        const c = input[i] as string;
        if (c === ch) break;
        if (c === "\\" && i + 1 < input.length) {
          i++;
          text += input[i];
        } else {
          text += c;
        }
        i++;
      }
      i++;
      tokens.push({ kind: "ident", text, at: start });
    } else if (IDENT.test(ch)) {
      const start = i;
      while (i < input.length && IDENT.test(input[i] as string)) i++;
      tokens.push({ kind: "ident", text: input.slice(start, i), at: start });
    } else {
      throw new LocationSyntaxError(`invalid character ${JSON.stringify(ch)} at position ${i}`);
    }
  }
  tokens.push({ kind: "eof", text: "", at: input.length });
  return tokens;
}

/** Parses a location; throws `LocationSyntaxError` with the position of the problem. */
export function parseLocation(input: string): LocationNode[] {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const take = (kind: Token["kind"], what: string): Token => {
    const t = peek();
    if (t.kind !== kind) throw new LocationSyntaxError(`expected ${what} at position ${t.at}, got ${t.text || "end"}`);
    pos++;
    return t;
  };
  const nodes: LocationNode[] = [];
  if (peek().kind === "eof") throw new LocationSyntaxError("location is empty");
  for (;;) {
    nodes.push({ type: "object", key: take("ident", "a field name").text });
    if (peek().kind === "[") {
      pos++;
      const keyField = take("ident", "a key field").text;
      take(":", "':'");
      if (peek().kind === "*") {
        pos++;
        nodes.push({ type: "list", keyField, glob: true });
      } else {
        nodes.push({ type: "list", keyField, glob: false, keyValue: take("ident", "a key value or *").text });
      }
      take("]", "']'");
    }
    if (peek().kind === "eof") return nodes;
    take(".", "'.' or end");
    if (peek().kind === "eof") throw new LocationSyntaxError("trailing separators are forbidden");
  }
}

/** Renders nodes back to location syntax (quoting keys that need it), for messages and records. */
export function formatLocation(nodes: readonly LocationNode[]): string {
  const quote = (s: string) => (/^[A-Za-z0-9_-]+$/.test(s) ? s : JSON.stringify(s));
  let out = "";
  for (const n of nodes) {
    if (n.type === "object") out += `${out === "" ? "" : "."}${quote(n.key)}`;
    else out += `[${quote(n.keyField)}: ${n.glob ? "*" : quote(n.keyValue)}]`;
  }
  return out;
}

/** Whether two nodes are the same step (Gatekeeper compares path-test prefixes node by node). */
export function sameNode(a: LocationNode, b: LocationNode): boolean {
  if (a.type === "object" || b.type === "object") {
    return a.type === "object" && b.type === "object" && a.key === b.key;
  }
  if (a.keyField !== b.keyField) return false;
  if (a.glob || b.glob) return a.glob && b.glob;
  return a.keyValue === b.keyValue;
}
