/** Paths the user gives: every one that cannot be read is a positioned input finding; the rest is analysed. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPaths } from '../../src/load/index.js';

const CM = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'k8s-lint-walk-'));
  mkdirSync(join(dir, 'app/nested'), { recursive: true });
  mkdirSync(join(dir, 'app/.hidden'));
  mkdirSync(join(dir, 'app/node_modules'));
  writeFileSync(join(dir, 'app/b.yaml'), CM('b'));
  writeFileSync(join(dir, 'app/a.yml'), CM('a'));
  writeFileSync(join(dir, 'app/nested/c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }));
  writeFileSync(join(dir, 'app/notes.txt'), 'not a manifest');
  writeFileSync(join(dir, 'app/.hidden/h.yaml'), CM('hidden'));
  writeFileSync(join(dir, 'app/node_modules/n.yaml'), CM('nm'));
  symlinkSync(join(dir, 'app'), join(dir, 'app/nested/loop'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadPaths', () => {
  it('walks directories recursively in sorted order, skipping dot-directories, node_modules and symlink loops', () => {
    const r = loadPaths([join(dir, 'app')], {}, { cwd: dir });
    expect(r.files).toEqual(['app/a.yml', 'app/b.yaml', 'app/nested/c.json']);
    expect(r.resources.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(r.findings).toEqual([]);
  });

  it('reports a missing path and still reads the others', () => {
    const r = loadPaths(['missing.yaml', 'app/a.yml'], {}, { cwd: dir });
    expect(r.resources.map((x) => x.name)).toEqual(['a']);
    expect(r.findings).toMatchObject([{ rule: 'unreadable-path', input: true, location: { file: 'missing.yaml', line: 1, column: 1 } }]);
  });

  it('refuses a FIFO without blocking on it', () => {
    const fifo = join(dir, 'pipe.yaml');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.log('skipped: mkfifo is not available here');
      return;
    }
    const r = loadPaths([fifo], {}, { cwd: dir });
    expect(r.findings[0]).toMatchObject({ rule: 'unreadable-path', input: true });
    expect(r.findings[0]?.message).toContain('not a regular file');
  });

  it('reports unreadable files (skipped as root, who can read anything)', () => {
    if (process.getuid?.() === 0) {
      console.log('skipped: running as root, file permissions do not stop reads');
      return;
    }
    const f = join(dir, 'secret.yaml');
    writeFileSync(f, CM('s'));
    chmodSync(f, 0o000);
    const r = loadPaths([f], {}, { cwd: dir });
    expect(r.findings[0]).toMatchObject({ rule: 'unreadable-path', message: expect.stringContaining('permission denied') });
  });

  it('refuses files over --max-file-size with a message naming the flag', () => {
    writeFileSync(join(dir, 'big.yaml'), CM('big') + '# ' + 'x'.repeat(2000) + '\n');
    const r = loadPaths(['big.yaml'], { maxFileSize: 1000 }, { cwd: dir });
    expect(r.resources).toEqual([]);
    expect(r.findings[0]).toMatchObject({ rule: 'file-too-large', input: true });
    expect(r.findings[0]?.message).toContain('--max-file-size');
  });

  it('reports binary files and invalid UTF-8 at the offending byte', () => {
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = loadPaths(['bin.yaml', 'latin1.yaml'], {}, { cwd: dir });
    expect(r.findings).toMatchObject([
      { rule: 'invalid-encoding', location: { file: 'bin.yaml', line: 1, column: 4 } },
      { rule: 'invalid-encoding', location: { file: 'latin1.yaml', line: 4, column: 12 } },
    ]);
  });

  it('reads stdin for `-`, and reports empty stdin', () => {
    const r = loadPaths(['-'], {}, { cwd: dir, stdin: () => Buffer.from(CM('piped')) });
    expect(r.resources.map((x) => [x.name, x.source.file])).toEqual([['piped', '<stdin>']]);
    const empty = loadPaths(['-'], {}, { cwd: dir, stdin: () => Buffer.alloc(0) });
    expect(empty.findings).toMatchObject([{ rule: 'empty-input', input: true }]);
  });
});
