/**
 * Finds the schema that applies at a data pointer, for messages that need it (the known fields of an
 * object for did-you-mean, whether a string is a quantity or a date-time). ajv is run without `verbose`
 * (faster, and its precompiled code cannot carry schemas), so we look schemas up ourselves, only on errors.
 */
import { pointerTokens, type JsonPointer } from '../model/location.js';
import { BUNDLE_ID } from './bundled.js';

export type SchemaNode = Readonly<Record<string, unknown>>;

function isNode(v: unknown): v is SchemaNode {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface SchemaScope {
  /** The schema the object as a whole is validated against. */
  readonly start: SchemaNode;
  /** The document `#` refs resolve in. */
  readonly doc: SchemaNode;
  /** The bundled definitions document (`k8s-lint:k8s#/definitions/...` refs). */
  readonly bundle: SchemaNode;
}

function follow(doc: SchemaNode, fragment: string): SchemaNode | undefined {
  let cur: unknown = doc;
  for (const t of pointerTokens(fragment)) cur = isNode(cur) ? cur[t] : undefined;
  return isNode(cur) ? cur : undefined;
}

function deref(node: SchemaNode, scope: SchemaScope, depth = 0): SchemaNode | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string' || depth > 32) return node;
  const hash = ref.indexOf('#');
  const file = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? '' : ref.slice(hash + 1);
  const doc = file === '' ? scope.doc : file === BUNDLE_ID ? scope.bundle : undefined;
  const target = doc === undefined ? undefined : follow(doc, fragment);
  return target === undefined ? undefined : deref(target, scope, depth + 1);
}

function step(node: SchemaNode, token: string, scope: SchemaScope): SchemaNode | undefined {
  const props = node.properties;
  if (isNode(props) && isNode(props[token])) return deref(props[token], scope);
  if (/^\d+$/.test(token) && isNode(node.items)) return deref(node.items, scope);
  if (isNode(node.additionalProperties)) return deref(node.additionalProperties, scope);
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const b of branches) {
      const d = isNode(b) ? deref(b, scope) : undefined;
      const found = d === undefined ? undefined : step(d, token, scope);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The schema at `pointer`, or undefined when it cannot be told. */
export function schemaAt(scope: SchemaScope, pointer: JsonPointer): SchemaNode | undefined {
  let cur = deref(scope.start, scope);
  for (const token of pointerTokens(pointer)) {
    if (cur === undefined) return undefined;
    cur = step(cur, token, scope);
  }
  return cur;
}

/** Property names an object schema declares (including those of its allOf/anyOf/oneOf branches). */
export function knownProperties(node: SchemaNode | undefined, scope: SchemaScope): string[] {
  if (node === undefined) return [];
  const out = isNode(node.properties) ? Object.keys(node.properties) : [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const b of branches) if (isNode(b)) out.push(...knownProperties(deref(b, scope), scope));
  }
  return out;
}
