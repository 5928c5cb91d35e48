/**
 * Writes dist/bundle/code-digest.json, the tool's identity that keys the query caches (src/cache/entries.ts),
 * so a query hashes one file instead of all of dist/ (~30 ms). Runs after every build step that shapes what
 * the tool does, so the digest covers all of it; only the V8 code caches come later (they change how fast
 * the code starts, never what it does). It records the bundles' hashes; a bundle rebuilt without this step
 * no longer matches, and queries hash the build themselves.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CODE_DIGEST_FILE, computeCodeDigest, fileSha256 } from '../src/cache/entries.js';

const dir = join('dist', 'bundle');
const digest = computeCodeDigest(resolve('dist'));
// Each bundled program by name (the CLI and the worker): a query checks the one it runs from.
const bundles = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => /\.c?js$/.test(f))
    .sort()
    .map((f) => [f, fileSha256(join(dir, f))]),
);
writeFileSync(join(dir, CODE_DIGEST_FILE), JSON.stringify({ digest, bundles }) + '\n');
