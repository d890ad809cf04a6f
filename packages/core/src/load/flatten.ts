/**
 * `kind: List` (as `kubectl get -o yaml` prints) and typed lists (`PodSecurityPolicyList`, as the API
 * returns them) are containers, not objects: their items are read as objects, recursively. Items of a
 * typed list carry no kind/apiVersion of their own; they get the list's.
 */
import type { ParsedObject } from "./types.js";

type Obj = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `List` itself, or `XList` with an `items` array: a container of objects. */
export function isListObject(v: unknown): v is Obj & { kind: string } {
  if (!isPlainObject(v) || typeof v.kind !== "string") return false;
  if (v.kind === "List") return true;
  return v.kind.endsWith("List") && v.kind.length > 4 && Array.isArray(v.items);
}

/** The item with the kind/apiVersion a typed list implies, when the item does not say. */
export function withImpliedType(item: unknown, list: Obj & { kind: string }): unknown {
  if (list.kind === "List" || !isPlainObject(item)) return item;
  if (item.kind !== undefined && item.apiVersion !== undefined) return item;
  return { kind: list.kind.slice(0, -4), apiVersion: list.apiVersion, ...item };
}

/** The objects in `obj`: itself, or the (recursively flattened) items of a list. Top-level sequences count as lists too. */
export function flattenLists(obj: ParsedObject): ParsedObject[] {
  const { value, locate } = obj;
  let items: unknown[] | undefined;
  let prefix: (string | number)[] = [];
  let list: (Obj & { kind: string }) | undefined;
  if (Array.isArray(value)) {
    items = value;
  } else if (isListObject(value)) {
    list = value;
    items = Array.isArray(value.items) ? value.items : [];
    prefix = ["items"];
  }
  if (!items) return [obj];
  const out: ParsedObject[] = [];
  items.forEach((item, i) => {
    const at = [...prefix, i];
    out.push(
      ...flattenLists({
        value: list ? withImpliedType(item, list) : item,
        source: locate(at) ?? obj.source,
        locate: (path) => locate([...at, ...path]),
      }),
    );
  });
  return out;
}
