/**
 * The scheduling cache of the query commands (src/sim/schedule-cache.ts) and its codec (src/sim/state-codec.ts):
 * a state read back is the state computed; a changed input, option or file never gives a stale or broken one.
 */
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadQueryTexts } from '../../src/query-input.js';
import { Quantity } from '../../src/model/quantity.js';
import { scheduledState } from '../../src/sim/index.js';
import { defaultCacheDir } from '../../src/cache/entries.js';
import { cachedScheduledState, cacheKey, inputDigest, MAX_ENTRIES } from '../../src/sim/schedule-cache.js';
import type { ClusterState } from '../../src/sim/state.js';
import { decodeState, encodeState } from '../../src/sim/state-codec.js';

const NODES = `apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\nstatus: { allocatable: { cpu: "2", memory: 4Gi, pods: "10" } }\n`;
const deployment = (replicas: number, cpu = '500m'): string =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  replicas: ${replicas}\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: nginx, resources: { requests: { cpu: ${cpu} } } }] }\n`;
const SERVICE = `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n`;

function input(text: string, namespace = 'default') {
  return loadQueryTexts([{ file: 'a.yaml', text }], { namespace });
}

describe('state codec', () => {
  it('reads back the same graph: resources by identity, shared objects shared, Maps, Quantities, undefined, odd numbers', () => {
    const q = input(`${NODES}---\n${deployment(3)}---\n${SERVICE}`);
    const resources = q.model.resources;
    const shared = { a: 1 };
    const value = {
      r: resources[1],
      list: [shared, shared, undefined, Number.NaN, -0, Infinity, -Infinity],
      m: new Map<string, unknown>([['cpu', Quantity.parse('1500m')], ['mem', Quantity.parse('4Gi')]]),
      tagLike: { $r: 0 },
      dollarKeys: { $h: [1], $s: 2 },
      protoKey: JSON.parse('{"__proto__": {"x": 1}}') as unknown,
      none: null,
      missing: undefined,
      // Flat objects alike but not equal stay apart; equal ones are read back shared.
      flat: [{ a: '1' }, { a: 1 }, { a: 0 }, { a: -0 }, { a: null }, { a: undefined }, { a: true }, { a: 't' }, { a: 'x', b: 'y' }, { a: 'x;', b: 'y' }, { a: resources[0] }, { a: resources[1] }, { a: Quantity.parse('1') }, { a: Quantity.parse('1Ki') }, { b: '1' }, { a: '1' }],
    };
    const back = decodeState(encodeState(value, resources) as string, resources) as typeof value;
    expect(back).toStrictEqual(value);
    expect(back.r).toBe(resources[1]);
    expect(back.list[0]).toBe(back.list[1]);
    expect(back.flat[15]).toBe(back.flat[0]);
    expect(back.flat[10]?.a).toBe(resources[0]);
    expect(Object.is(back.list[4], -0)).toBe(true);
    expect((back.m.get('cpu') as Quantity).cmp(Quantity.parse('1500m'))).toBe(0);
    expect(back.m.get('mem')).toBeInstanceOf(Quantity);
    expect(Object.getPrototypeOf(back.protoKey)).toBe(Object.prototype);
    expect('missing' in back).toBe(true);
  });

  it('tells key lists apart whatever their keys contain', () => {
    // Key lists are told apart key by key: `a\0b` is one key, not the keys `a` and `b` joined.
    const value = { one: { 'a\u0000b': 'x' }, two: { a: 'x', b: 'y' }, three: { 'a\u0000b': 'z' }, rows: [1, 2, 3, 4].map((i) => ({ a: i, b: { i } })) };
    const back = decodeState(encodeState(value, []) as string, []);
    expect(back).toStrictEqual(value);
  });

  it('declines what it cannot express instead of writing it wrong', () => {
    expect(encodeState({ f: () => 1 }, [])).toBeUndefined();
    expect(encodeState({ s: new Set([1]) }, [])).toBeUndefined();
    expect(encodeState({ d: new Date(0) }, [])).toBeUndefined();
    expect(encodeState({ b: 1n }, [])).toBeUndefined();
  });

  it('rejects text it did not write', () => {
    for (const bad of ['', '{', '{"$r":5}', '{"$s":0}', '{"$q":["1x","DecimalSI"]}', '{"$n":"1"}', '{"$zz":1}', '{"$m":[[1]]}', '{"$h":[["a"]]}', '{"$h":[0,1]}', '{"a":1}', '{"$u":0,"$s":0}']) {
      expect(() => decodeState(bad, []), bad).toThrow();
    }
  });

  it('writes arrays of same-shape objects by columns and reads back the same graph (property)', () => {
    const shared = [{ a: 1 }, { b: [1, 2] }, { c: { d: 'x' } }];
    const value = fc.oneof(
      fc.constantFrom('ns-0', 'ns-1', 'Running', '', '__proto__'),
      fc.string({ maxLength: 4 }),
      fc.integer({ min: -3, max: 3 }),
      fc.constantFrom(undefined, null, true, -0, Number.NaN),
      fc.constantFrom(...shared),
      fc.constantFrom('p', 'q').map((x) => ({ x })),
      fc.array(fc.nat(3), { maxLength: 2 }),
    );
    const keys = fc.uniqueArray(fc.constantFrom('name', 'uid', 'labels', 'spec', '__proto__', '0', 'priority'), { minLength: 1, maxLength: 5 });
    const rows = keys.chain((ks) => fc.array(fc.tuple(...ks.map(() => value)).map((vals) => pairsToObject(ks, vals)), { maxLength: 12 }));
    fc.assert(
      fc.property(rows, fc.nat(20), (list, repeatAt) => {
        // A row met twice (here, or before the array) cannot be written by columns: it is shared instead.
        const withRepeat = list.length > 0 && repeatAt < list.length ? [...list, list[repeatAt]] : list;
        const graph = { before: shared[0], rows: list, again: withRepeat, after: list[0] };
        const back = decodeState(encodeState(graph, []) as string, []) as typeof graph;
        expect(back).toStrictEqual(graph);
        expectSameSharing(graph, back);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects columns it did not write', () => {
    const head = '{"$c":[["a","b"],2,';
    for (const bad of [`${head}[1,2],[3]]}`, `${head}[1,2]]}`, `${head}[1,2],{"$R":[9,9]}]}`, `${head}[1,2],{"$D":[["x"],[0,1]]}]}`, `${head}[1,2],{"$D":[["x"],[0]]}]}`, `${head}[1,2],{"$U":1}]}`, `${head}[1,2],{"$X":0}]}`, '{"$c":[["a"],-1]}', '{"$c":[5,0]}']) {
      expect(() => decodeState(bad, []), bad).toThrow();
    }
  });

  it('round-trips scheduled states of random inputs (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8 }), fc.constantFrom('100m', '900m', '3'), fc.boolean(), (replicas, cpu, withService) => {
        const q = input(`${NODES}---\n${deployment(replicas, cpu)}${withService ? `---\n${SERVICE}` : ''}`);
        const state = scheduledState(q.model);
        const back = decodeState(encodeState(state, q.model.resources) as string, q.model.resources) as ClusterState;
        expect(back).toStrictEqual(state);
        back.pods.forEach((p, i) => expect(p.origin.resource).toBe(state.pods[i]?.origin.resource));
      }),
      { seed: 11, numRuns: 30 },
    );
  });
});

describe('scheduling cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-lint-cache-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const entries = (): string[] => readdirSync(dir).filter((f) => f.endsWith('.json'));
  const text = `${NODES}---\n${deployment(3)}---\n${SERVICE}`;

  it('writes an entry on a miss and reads it back on a hit', () => {
    const q = input(text);
    const cache = { dir, input: q.digest() };
    const first = cachedScheduledState(q.model, {}, cache);
    expect(first).toStrictEqual(scheduledState(q.model));
    expect(entries()).toHaveLength(1);
    // Mark the entry: a hit returns what the file says, not a fresh computation.
    const file = join(dir, entries()[0] as string);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"Running"', '"Pending"'));
    expect(cachedScheduledState(q.model, {}, cache).pods.some((p) => p.phase === 'Pending')).toBe(true);
    expect(scheduledState(q.model).pods.some((p) => p.phase === 'Pending')).toBe(false);
  });

  it('changed input bytes, load options or scheduling options use another entry', () => {
    const q = input(text);
    cachedScheduledState(q.model, {}, { dir, input: q.digest() });
    const changed = input(text.replace('replicas: 3', 'replicas: 4'));
    expect(changed.digest()).not.toBe(q.digest());
    expect(cachedScheduledState(changed.model, {}, { dir, input: changed.digest() }).pods).toHaveLength(4);
    expect(input(text, 'shop').digest()).not.toBe(q.digest());
    expect(input(`${text}\n`).digest()).not.toBe(q.digest());
    // A command's other options are not load options.
    expect(loadQueryTexts([{ file: 'a.yaml', text }], { namespace: 'default', lbPool: '10.0.0.0/24' } as never).digest()).toBe(q.digest());
    expect(inputDigest([{ file: 'a', text: 'bc' }], {})).not.toBe(inputDigest([{ file: 'ab', text: 'c' }], {}));
    expect(cacheKey(q.digest(), { namespace: 'shop' })).not.toBe(cacheKey(q.digest(), {}));
    expect(cacheKey(q.digest(), { cronjobs: 'all' } as never)).not.toBe(cacheKey(q.digest(), {}));
    // Options only the later steps read share the entry: `dns` and `route` pass different ones.
    expect(cacheKey(q.digest(), { clusterDomain: 'example.org', lbPool: '10.0.0.0/24' })).toBe(cacheKey(q.digest(), {}));
    expect(cacheKey(q.digest(), { namespace: 'a', clusterDomain: 'x' })).toBe(cacheKey(q.digest(), { clusterDomain: 'x', namespace: 'a' }));
  });

  it('ignores a corrupt or truncated entry and replaces it with a good one', () => {
    const q = input(text);
    const cache = { dir, input: q.digest() };
    const want = scheduledState(q.model);
    cachedScheduledState(q.model, {}, cache);
    const file = join(dir, entries()[0] as string);
    const good = readFileSync(file, 'utf8');
    for (const bad of [good.slice(0, good.length >> 1), 'garbage', '', '{"$r":999999}', '[1,2,3]', '{"pods":[]}']) {
      writeFileSync(file, bad);
      expect(cachedScheduledState(q.model, {}, cache)).toStrictEqual(want);
      expect(readFileSync(file, 'utf8')).toBe(good);
    }
  });

  it('never fails the query when the cache cannot be written', () => {
    const q = input(text);
    const notADir = join(dir, 'file');
    writeFileSync(notADir, '');
    expect(cachedScheduledState(q.model, {}, { dir: notADir, input: q.digest() })).toStrictEqual(scheduledState(q.model));
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('keeps the most recently used entries only', () => {
    const inputs = Array.from({ length: MAX_ENTRIES + 1 }, (_, i) => input(`${NODES}---\n${deployment(i + 1)}`));
    const fileOf: string[] = [];
    inputs.slice(0, MAX_ENTRIES).forEach((q, i) => {
      const before = new Set(entries());
      cachedScheduledState(q.model, {}, { dir, input: q.digest() });
      const f = entries().find((e) => !before.has(e)) as string;
      // Distinct times, oldest first: the file system's clock need not tick between two writes.
      const t = new Date(Date.now() - 60_000 * (MAX_ENTRIES - i));
      utimesSync(join(dir, f), t, t);
      fileOf.push(f);
    });
    // A hit makes entry 0 the most recently used, so entry 1 is the oldest when one more is written.
    const [first, last] = [inputs[0], inputs[MAX_ENTRIES]] as const;
    cachedScheduledState(first!.model, {}, { dir, input: first!.digest() });
    cachedScheduledState(last!.model, {}, { dir, input: last!.digest() });
    expect(entries()).toHaveLength(MAX_ENTRIES);
    expect(entries()).toContain(fileOf[0]);
    expect(entries()).not.toContain(fileOf[1]);
  });

  it('lives under $XDG_CACHE_HOME, else ~/.cache', () => {
    expect(defaultCacheDir({ XDG_CACHE_HOME: '/x/cache' })).toBe(join('/x/cache', 'k8s-lint'));
    expect(defaultCacheDir({})).toMatch(/[/\\]\.cache[/\\]k8s-lint$/);
  });
});

/** An object with these keys in this order (an own `__proto__` key stays a key). */
function pairsToObject(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}

/** Every object met twice in `original` is one object in `back` too. */
function expectSameSharing(original: unknown, back: unknown): void {
  const image = new Map<object, unknown>();
  const walk = (o: unknown, b: unknown): void => {
    if (typeof o !== 'object' || o === null) return;
    if (image.has(o)) {
      expect(b).toBe(image.get(o));
      return;
    }
    image.set(o, b);
    for (const k of Object.keys(o)) walk((o as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
  };
  walk(original, back);
}
