/**
 * Selectors indexed by one equality requirement each (`app=web`), so that finding the selectors a set of labels
 * satisfies looks at the few selectors sharing one of those labels, not at every selector of the namespace.
 */
import type { Labels } from '../../model/kinds.js';
import type { Selector } from '../../model/selector.js';

interface Indexed {
  readonly selector: Selector;
  /** Position in the input order: matches are returned in that order. */
  readonly position: number;
}

export class SelectorIndex {
  /** Label key -> value -> the selectors requiring exactly that value for that key. */
  private readonly byLabel = new Map<string, Map<string, Indexed[]>>();
  /** Selectors without a single-value equality requirement: candidates for any labels. */
  private readonly rest: Indexed[] = [];
  private size = 0;

  add(selector: Selector): void {
    const entry: Indexed = { selector, position: this.size++ };
    // `key in (v)` with one value holds exactly when the label equals v, as `key=v` does.
    const req = selector.requirements.find((r) => (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1);
    if (req === undefined) {
      this.rest.push(entry);
      return;
    }
    let byValue = this.byLabel.get(req.key);
    if (byValue === undefined) {
      byValue = new Map();
      this.byLabel.set(req.key, byValue);
    }
    const value = req.values[0] as string;
    const list = byValue.get(value);
    if (list) list.push(entry);
    else byValue.set(value, [entry]);
  }

  /** The selectors that match `labels`, in the order they were added. */
  matching(labels: Labels): Selector[] {
    const hits: Indexed[] = [];
    // Each selector sits under one key, and labels have one value per key: no selector is found twice.
    for (const key of Object.keys(labels)) {
      const list = this.byLabel.get(key)?.get(labels[key] as string);
      if (list !== undefined) for (const e of list) if (e.selector.matches(labels)) hits.push(e);
    }
    for (const e of this.rest) if (e.selector.matches(labels)) hits.push(e);
    if (hits.length > 1) hits.sort((a, b) => a.position - b.position);
    return hits.map((e) => e.selector);
  }

  /** True when some selector matches `labels`. */
  matchesAny(labels: Labels): boolean {
    for (const key of Object.keys(labels)) {
      const list = this.byLabel.get(key)?.get(labels[key] as string);
      if (list !== undefined && list.some((e) => e.selector.matches(labels))) return true;
    }
    return this.rest.some((e) => e.selector.matches(labels));
  }
}
