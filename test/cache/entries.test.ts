/** The query caches' identity of the tool (src/cache/entries.ts): any changed byte of the build changes it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODE_DIGEST_FILE, computeCodeDigest } from '../../src/cache/entries.js';

describe('code digest', () => {
  let pkg: string;
  const dist = (): string => join(pkg, 'dist');
  beforeEach(() => {
    pkg = mkdtempSync(join(tmpdir(), 'k8s-lint-code-digest-'));
    mkdirSync(join(pkg, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'k8s-lint', version: '1.0.0', dependencies: { 'not-installed': '^1' } }));
    writeFileSync(join(pkg, 'dist', 'bundle', 'cli.js'), 'code');
  });
  afterEach(() => rmSync(pkg, { recursive: true, force: true }));

  it('changes with any byte or name of the build and with package.json, not with the digest file itself', () => {
    const before = computeCodeDigest(dist());
    writeFileSync(join(dist(), 'bundle', CODE_DIGEST_FILE), '{"digest":"x"}');
    expect(computeCodeDigest(dist())).toBe(before);
    writeFileSync(join(dist(), 'bundle', 'cli.js'), 'cod3');
    const changedByte = computeCodeDigest(dist());
    expect(changedByte).not.toBe(before);
    writeFileSync(join(dist(), 'bundle', 'cli.js'), 'code');
    expect(computeCodeDigest(dist())).toBe(before);
    writeFileSync(join(dist(), 'extra.js'), '');
    expect(computeCodeDigest(dist())).not.toBe(before);
    rmSync(join(dist(), 'extra.js'));
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'k8s-lint', version: '1.0.1', dependencies: { 'not-installed': '^1' } }));
    expect(computeCodeDigest(dist())).not.toBe(before);
  });
});
