/**
 * CLI scenarios (Spectral's `.scenario` idea): each test/cli/scenarios/*.scenario file holds a command,
 * optional stdin, and the exact stdout, stderr and exit status of the built binary. Run `npm run build` first.
 *
 *   ====command====      arguments after `k8s-lint`, one line (shell-like words, no expansion)
 *   ====stdin====        optional
 *   ====stdout====       exact; omitted = not checked
 *   ====stderr====       each line must appear in stderr; omitted = not checked
 *   ====status====       exit status
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'run.js');
const dir = join(import.meta.dirname, 'scenarios');

interface Scenario {
  readonly name: string;
  readonly command: string[];
  readonly stdin?: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly status: number;
}

function parseScenario(name: string, text: string): Scenario {
  const sections = new Map<string, string>();
  const re = /^====(\w+)====\n([\s\S]*?)(?=^====\w+====\n|$(?![\s\S]))/gm;
  for (const m of text.matchAll(re)) sections.set(m[1] as string, m[2] as string);
  const words = (sections.get('command') ?? '').trim().match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return {
    name,
    command: words.map((w) => w.replace(/^["']|["']$/g, '')),
    ...(sections.has('stdin') ? { stdin: sections.get('stdin') } : {}),
    ...(sections.has('stdout') ? { stdout: sections.get('stdout') } : {}),
    ...(sections.has('stderr') ? { stderr: sections.get('stderr') } : {}),
    status: Number((sections.get('status') ?? '0').trim()),
  };
}

describe('CLI scenarios', () => {
  it('has a built binary (run `npm run build`)', () => {
    expect(existsSync(join(root, 'dist', 'commands', 'check.js'))).toBe(true);
  });

  for (const file of readdirSync(dir).filter((f) => f.endsWith('.scenario')).sort()) {
    const scenario = parseScenario(file, readFileSync(join(dir, file), 'utf8'));
    it(file, () => {
      const result = spawnSync(process.execPath, [bin, ...scenario.command], {
        cwd: root,
        input: scenario.stdin ?? '',
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', CI: 'true', FORCE_COLOR: '0' },
        timeout: 30_000,
      });
      if (scenario.stdout !== undefined) expect(result.stdout).toBe(scenario.stdout);
      if (scenario.stderr !== undefined) for (const line of scenario.stderr.split('\n').filter(Boolean)) expect(result.stderr).toContain(line);
      expect(result.status).toBe(scenario.status);
    });
  }
});
