/**
 * Helpers for tests that drive real netfilter tools inside a network namespace the test creates (and
 * removes). Nothing here touches the host's own rules or any network outside the namespace.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export interface ToolCheck {
  readonly ok: boolean;
  readonly reason: string;
}

function has(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** Checks the tools exist and that a network namespace can be created; says why not otherwise. */
export function checkNetns(tools: readonly string[]): ToolCheck {
  const missing = ['ip', ...tools].filter((t) => !has(t));
  if (missing.length > 0) return { ok: false, reason: `missing tools: ${missing.join(', ')} (Debian packages in .ci/apt-packages)` };
  const probe = `k8slint-probe-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return { ok: false, reason: `cannot create a network namespace (${(add.stderr || '').trim() || 'permission denied'}); needs root or CAP_SYS_ADMIN` };
  spawnSync('ip', ['netns', 'del', probe]);
  return { ok: true, reason: '' };
}

export class Netns {
  constructor(readonly name: string) {}

  static create(name: string): Netns {
    spawnSync('ip', ['netns', 'del', name]);
    execFileSync('ip', ['netns', 'add', name]);
    return new Netns(name);
  }

  /** Runs a command in the namespace; returns status and output, never throws. */
  run(cmd: readonly string[], input?: string): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('ip', ['netns', 'exec', this.name, ...cmd], { input, encoding: 'utf8', timeout: 30_000 });
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  destroy(): void {
    spawnSync('ip', ['netns', 'del', this.name]);
  }
}
