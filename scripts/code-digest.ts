/**
 * Writes dist/bundle/code-digest.json, the tool's identity that keys the query caches (src/cache/entries.ts),
 * so a query hashes one file instead of all of dist/ (~30 ms). Runs last in `npm run build`: the digest
 * covers everything the build wrote. It records the CLI bundle's hash; a bundle rebuilt without this step no
 * longer matches, and queries hash the build themselves.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CODE_DIGEST_FILE, computeCodeDigest, fileSha256 } from '../src/cache/entries.js';

const digest = computeCodeDigest(resolve('dist'));
const bundleSha256 = fileSha256(join('dist', 'bundle', 'cli.js'));
writeFileSync(join('dist', 'bundle', CODE_DIGEST_FILE), JSON.stringify({ digest, bundle: 'cli.js', bundleSha256 }) + '\n');
