/**
 * Writes dist/bundle/code-digest.json, the tool's identity that keys the query caches (src/cache/entries.ts),
 * so a query reads it instead of hashing all of dist/ (~30 ms). Runs last in `npm run build`: the digest
 * covers everything the build wrote. It records the CLI bundle's size and time; a bundle rebuilt without
 * this step no longer matches, and queries hash the build themselves.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CODE_DIGEST_FILE, computeCodeDigest } from '../src/cache/entries.js';

const bundle = join('dist', 'bundle', 'cli.js');
const digest = computeCodeDigest(resolve('dist'));
const { size, mtimeMs } = statSync(bundle);
writeFileSync(join('dist', 'bundle', CODE_DIGEST_FILE), JSON.stringify({ digest, bundle: 'cli.js', size, mtimeMs }) + '\n');
