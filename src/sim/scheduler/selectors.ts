/** Small helpers over the shared label selectors (src/model/selector.ts) for index look-ups. */
import type { Labels } from '../../model/kinds.js';
import { isSelectorError, NOTHING, selectorFromLabelSelector, selectorFromMap, type Selector } from '../../model/selector.js';

/** A structured LabelSelector; an invalid one selects nothing (the API server would have rejected it). */
export function compileSelector(v: unknown): Selector {
  const s = selectorFromLabelSelector(v);
  return isSelectorError(s) ? NOTHING : s;
}

export function mapSelector(m: Labels): Selector {
  const s = selectorFromMap(m);
  return isSelectorError(s) ? NOTHING : s;
}

/** `key=value` requirements of a selector, usable to pick the smallest posting list of a label index. */
export function equalities(s: Selector): [string, string][] {
  const out: [string, string][] = [];
  for (const r of s.requirements) {
    if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) out.push([r.key, r.values[0] as string]);
  }
  return out;
}
