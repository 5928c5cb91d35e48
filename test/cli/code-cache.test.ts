/**
 * The V8 code cache (src/code-cache.ts): a cached load runs the same code as an uncached one, a cache is found
 * only for the exact source it was made from, a broken cache is ignored, and the build's caches are ones V8
 * accepts. Whether V8 used a cache is seen from a fresh process: within one process V8 may answer a repeated
 * compile from its own in-memory cache, which would hide a cache file that does not work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeCacheDir, loadCommonJs, writeCodeCache } from '../../src/code-cache.js';
import { ensureBuilt, ROOT } from './helpers.js';

beforeAll(() => ensureBuilt(), 120_000);

/** A CommonJS module that exports `value` and, as a function, a closure compiled lazily (on first call). */
function moduleSource(value: unknown): string {
  return `const value = ${JSON.stringify(value)};\nmodule.exports = { value, later: () => ({ again: value, file: __filename }) };\n`;
}

let counter = 0;
/** A fresh file (and cache folder) per case, so that no case sees another's module or cache. */
function freshModule(source: string): { file: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-code-cache-'));
  const file = join(dir, `m${counter++}.cjs`);
  writeFileSync(file, source);
  return { file, cacheDir: join(dir, 'cache') };
}

/**
 * Loads `file` in a new Node process through the built dist/code-cache.js, under the CLI's V8 flags as bin/run.js
 * sets them, and calls what it exports as `later` (when it has one); `write` then writes its cache. Returns
 * whether V8 used a cache, and `later().again`.
 */
function loadInChild(file: string, cacheDir: string, write: boolean): { accepted: boolean; value?: unknown } {
  const codeCache = pathToFileURL(join(ROOT, 'dist', 'code-cache.js')).href;
  const v8Flags = pathToFileURL(join(ROOT, 'dist', 'v8-flags.js')).href;
  const script = `import { loadCommonJs, writeCodeCache } from ${JSON.stringify(codeCache)};
import { applyV8Flags } from ${JSON.stringify(v8Flags)};
applyV8Flags();
const load = loadCommonJs(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
const value = typeof load.exports.later === 'function' ? load.exports.later().again : undefined;
if (${write}) writeCodeCache(load);
process.stdout.write(JSON.stringify({ accepted: load.cacheAccepted, value }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { accepted: boolean; value?: unknown };
}

describe('loadCommonJs', () => {
  it('runs the file as Node would and registers it with require, so a plain require gets the same module', () => {
    const { file, cacheDir } = freshModule(moduleSource({ a: [1, 'two'] }));
    const load = loadCommonJs(file, cacheDir);
    const exports = load.exports as { value: unknown; later: () => { again: unknown; file: string } };
    expect(exports.value).toEqual({ a: [1, 'two'] });
    expect(exports.later()).toEqual({ again: { a: [1, 'two'] }, file });
    expect(createRequire(file)(file)).toBe(exports);
    expect(load.cacheAccepted).toBe(false);
  });

  it('lets an error of the file through and does not keep a half-loaded module', () => {
    const { file, cacheDir } = freshModule('module.exports.partial = 1;\nthrow new Error("boom");\n');
    expect(() => loadCommonJs(file, cacheDir)).toThrow('boom');
    expect(createRequire(file).cache[file]).toBeUndefined();
  });

  it('property: whatever the cache folder holds (nothing, garbage, a truncated cache, the cache of an edit of the same length), the file runs as written', () => {
    const damage = fc.constantFrom('none', 'garbage', 'truncated', 'same-length edit');
    // In an array, so that its JSON has room for a string of the same length (see the edit below).
    const value = fc.jsonValue({ maxDepth: 2 }).map((v) => [v]);
    fc.assert(
      fc.property(value, damage, fc.uint8Array({ minLength: 1, maxLength: 64 }), (v, how, bytes) => {
        const source = moduleSource(v);
        const { file, cacheDir } = freshModule(source);
        const first = loadCommonJs(file, cacheDir);
        (first.exports as { later: () => unknown }).later();
        writeCodeCache(first);
        if (how === 'garbage') writeFileSync(first.cacheFile, bytes);
        if (how === 'truncated') writeFileSync(first.cacheFile, readFileSync(first.cacheFile).subarray(0, bytes.length));
        let expected: unknown = v;
        if (how === 'same-length edit') {
          // Same length, other content (a string where the array was): V8 alone would take the old cache, as it
          // checks only the source's length.
          expected = 'x'.repeat(Buffer.byteLength(JSON.stringify(v)) - 2);
          writeFileSync(file, moduleSource(expected));
          expect(readFileSync(file).length).toBe(Buffer.byteLength(source));
        }
        const again = loadCommonJs(file, cacheDir);
        if (how === 'same-length edit') expect(again.cacheFile).not.toBe(first.cacheFile);
        expect((again.exports as { value: unknown }).value).toEqual(expected);
        expect((again.exports as { later: () => { again: unknown } }).later().again).toEqual(expected);
      }),
      { seed: 23, numRuns: 25 },
    );
  });
});

describe('the cache across processes', () => {
  it('is written by one process and used by the next, which runs the same code', () => {
    const { file, cacheDir } = freshModule(moduleSource({ nested: { list: [true, null, 3.5] } }));
    expect(loadInChild(file, cacheDir, true)).toEqual({ accepted: false, value: { nested: { list: [true, null, 3.5] } } });
    expect(loadInChild(file, cacheDir, false)).toEqual({ accepted: true, value: { nested: { list: [true, null, 3.5] } } });
  });
});

describe('the build', () => {
  it.each([
    ['the CLI bundle', 'dist/bundle/cli.cjs'],
    ['the precompiled schema validators', 'schemas/k8s/validators.cjs'],
    ['the precompiled rule validators', 'dist/rules/validators.cjs'],
  ])('leaves a cache that V8 accepts for %s', (_name, path) => {
    const file = join(ROOT, path);
    expect(existsSync(file)).toBe(true);
    expect(loadInChild(file, codeCacheDir(), false).accepted).toBe(true);
  });
});
