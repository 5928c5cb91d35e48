/**
 * The composite action's script, run the way GitHub runs a `shell: bash` step
 * (`bash --noprofile --norc -eo pipefail {0}`, per "Workflow syntax: jobs.<job_id>.steps[*].shell"), with
 * inputs passed as the step's environment and `npx` replaced by a shim that runs this checkout's build
 * instead of downloading the published package.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, CLEAN, ROOT, WARNING, ensureBuilt, tempTree } from './helpers.js';
import { expectValidSarif } from '../report/sarif-schema.js';

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, unknown>;
  runs: { using: string; steps: { id?: string; run: string; env: Record<string, string> }[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;

beforeAll(() => ensureBuilt(), 120_000);

function runAction(dir: string, inputs: Record<string, string>): { status: number | null; stdout: string; outputs: string } {
  const step = action.runs.steps[0]!;
  const env: Record<string, string> = {};
  for (const [name, expr] of Object.entries(step.env)) {
    const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(expr)![1]!;
    env[name] = inputs[input] ?? action.inputs[input]?.default ?? '';
  }
  const shim = join(dir, 'shim');
  spawnSync('mkdir', ['-p', shim]);
  // `npx --yes k8s-lint@VERSION ARGS...` -> `node bin/run.js ARGS...`
  writeFileSync(join(shim, 'npx'), `#!/bin/sh\nshift 2\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(shim, 'npx'), 0o755);
  writeFileSync(join(dir, 'step.sh'), step.run);
  const outputs = join(dir, 'github-output');
  writeFileSync(outputs, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env, PATH: `${shim}:${process.env.PATH ?? ''}`, GITHUB_OUTPUT: outputs, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, outputs: readFileSync(outputs, 'utf8') };
}

describe('GitHub Action (action.yml)', () => {
  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    for (const i of ['paths', 'config', 'format', 'fail-on']) expect(Object.keys(action.inputs)).toContain(i);
    expect(Object.keys(action.outputs).sort()).toEqual(['exit-code', 'report']);
    // Inputs reach the script only through env, never spliced into its text (script-injection hardening).
    expect(action.runs.steps[0]!.run).not.toContain('${{');
  });

  it('writes SARIF, annotates, and fails the step on findings at fail-on, outputs written first', () => {
    const dir = tempTree({ 'k8s/a.yaml': CLEAN, 'k8s/b.yaml': WARNING });
    const r = runAction(dir, { paths: 'k8s', 'fail-on': 'warning' });
    expect(r.status).toBe(1);
    expectValidSarif(readFileSync(join(dir, 'k8s-lint.sarif'), 'utf8'));
    expect(r.stdout).toMatch(/^::warning file=k8s\/b\.yaml,line=\d+,col=\d+/m);
    expect(r.outputs).toBe('report=k8s-lint.sarif\nexit-code=1\n');
  });

  it('passes when nothing reaches fail-on, with several paths', () => {
    const dir = tempTree({ 'k8s/a.yaml': CLEAN, 'more/b.yaml': WARNING });
    const r = runAction(dir, { paths: 'k8s\nmore/b.yaml', format: 'junit', output: 'out.xml' });
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, 'out.xml'), 'utf8')).toContain('<testsuite name="more/b.yaml"');
    expect(r.outputs).toContain('exit-code=0');
  });
});
