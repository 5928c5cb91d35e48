/**
 * A report written to a pipe arrives whole, whatever the exit status. On a pipe Node writes stdout
 * asynchronously, and oclif ends a failing command with process.exit(), which drops what is still queued:
 * `k8s-lint check ... --format json | jq` used to receive the first 64-128 KiB only. The reader here waits
 * before reading, so the pipe is full when the command exits.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, tempTree } from './helpers.js';

beforeAll(() => ensureBuilt(), 120_000);

/** Many objects, each with findings at warning level: a JSON report of several hundred KiB, exit status 1. */
function manyFindings(n: number): string {
  return Array.from(
    { length: n },
    (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-${i}
spec:
  selector:
    matchLabels: { app: web-${i} }
  template:
    metadata:
      labels: { app: web-${i} }
    spec:
      containers:
        - name: web
          image: nginx:latest
`,
  ).join('---\n');
}

/** Runs the CLI with its stdout on a pipe that nobody reads for `delayMs`, then reads it all. */
function runWithSlowReader(args: readonly string[], cwd: string, delayMs: number): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    setTimeout(() => {
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stdout.resume();
    }, delayMs);
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(chunks).toString('utf8') }));
  });
}

describe('stdout on a pipe', () => {
  it('a failing check still writes its whole JSON report', async () => {
    const dir = tempTree({ 'many.yaml': manyFindings(400) });
    const toFile = await runWithSlowReader(['check', 'many.yaml', '--format', 'json', '--fail-on', 'warning', '-o', 'report.json'], dir, 0);
    expect(toFile.status).toBe(1);
    const expected = readFileSync(join(dir, 'report.json'), 'utf8');
    expect(expected.length).toBeGreaterThan(256 * 1024);

    const piped = await runWithSlowReader(['check', 'many.yaml', '--format', 'json', '--fail-on', 'warning'], dir, 1500);
    expect(piped.status).toBe(1);
    expect(piped.stdout.length).toBe(expected.length);
    expect(piped.stdout).toBe(expected);
  }, 60_000);
});
