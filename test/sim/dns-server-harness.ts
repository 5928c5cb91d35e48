/**
 * Drives a real authoritative DNS server (NSD, Debian package `nsd`) and a real resolver client (`dig`, Debian
 * package `bind9-dnsutils`) on the loopback address, for the zone-file round trip. Started and stopped by the
 * test, bounded in time; `available()` says why it cannot run when it cannot.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    try {
      execFileSync('test', ['-x', join(dir, cmd)]);
      return join(dir, cmd);
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Undefined when NSD and dig are usable, else the reason to skip. */
export function unavailable(): string | undefined {
  if (process.platform !== 'linux') return 'the NSD round trip runs on Linux only';
  if (!which('nsd')) return 'nsd is not installed (Debian package nsd; .ci/run installs it from .ci/apt-packages)';
  if (!which('dig')) return 'dig is not installed (Debian package bind9-dnsutils; .ci/run installs it from .ci/apt-packages)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly port: number;
  /** Runs `dig` once over a batch of queries and returns one parsed response per query. */
  query(queries: readonly { name: string; type: string }[]): DigResponse[];
  stop(): void;
}

export interface DigResponse {
  readonly rcode: string;
  /** Answer records with whitespace collapsed to single spaces. */
  readonly answer: string[];
}

/**
 * Starts one NSD serving every given zone (name -> master file text); throws with NSD's log when it does not
 * come up in `timeoutMs`.
 */
export async function startNsd(zones: Readonly<Record<string, string>>, timeoutMs = 20_000): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-lint-nsd-'));
  const port = await freePort();
  const names = Object.keys(zones);
  const zone = names[0] as string;
  const files = names.map((name) => {
    const file = join(dir, `${name}.zone`);
    writeFileSync(file, zones[name] as string);
    return { name, file };
  });
  const conf = [
    'server:',
    `  ip-address: 127.0.0.1@${port}`,
    `  port: ${port}`,
    '  server-count: 1',
    '  verbosity: 1',
    '  username: ""',
    '  chroot: ""',
    '  database: ""',
    `  zonelistfile: "${join(dir, 'zone.list')}"`,
    `  pidfile: "${join(dir, 'nsd.pid')}"`,
    `  logfile: "${join(dir, 'nsd.log')}"`,
    `  xfrdfile: "${join(dir, 'xfrd.state')}"`,
    `  xfrdir: "${dir}"`,
    `  zonesdir: "${dir}"`,
    'remote-control:',
    '  control-enable: no',
    ...files.flatMap((f) => ['zone:', `  name: "${f.name}"`, `  zonefile: "${f.file}"`]),
    '',
  ].join('\n');
  const confFile = join(dir, 'nsd.conf');
  writeFileSync(confFile, conf);
  for (const f of files) {
    try {
      execFileSync(which('nsd-checkzone') ?? 'nsd-checkzone', [f.name, f.file], { stdio: 'pipe' });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nsd-checkzone rejected the zone file of ${f.name}: ${String((e as { stderr?: Buffer }).stderr ?? e)}`);
    }
  }
  const child: ChildProcess = spawn(which('nsd') ?? 'nsd', ['-d', '-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
    // NSD may still be writing its state files while it exits: retry, and never fail the test on cleanup.
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // left in the temporary directory
    }
  };
  const dig = (args: string[]): string => execFileSync(which('dig') ?? 'dig', [`@127.0.0.1`, '-p', String(port), '+norec', '+time=1', '+tries=2', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      const log = safeRead(join(dir, 'nsd.log'));
      stop();
      throw new Error(`nsd exited with ${child.exitCode}: ${output}${log}`);
    }
    try {
      if (/status: NOERROR/.test(dig([zone, 'SOA']))) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      const log = safeRead(join(dir, 'nsd.log'));
      stop();
      throw new Error(`nsd did not answer within ${timeoutMs} ms: ${output}${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    query(queries) {
      if (child.exitCode !== null) throw new Error(`nsd is no longer running: ${output}${safeRead(join(dir, 'nsd.log'))}`);
      const batch = join(dir, 'queries.txt');
      writeFileSync(batch, queries.map((q) => `${q.name} ${q.type} +noall +comments +answer`).join('\n') + '\n');
      const out = dig(['-f', batch]);
      return parseDig(out);
    },
    stop,
  };
}

function safeRead(p: string): string {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

/** Splits dig's batch output at each header and collects status and answer records. */
export function parseDig(text: string): DigResponse[] {
  const out: { rcode: string; answer: string[] }[] = [];
  let cur: { rcode: string; answer: string[] } | undefined;
  let inAnswer = false;
  for (const line of text.split('\n')) {
    const h = /->>HEADER<<- opcode: \w+, status: (\w+)/.exec(line);
    if (h) {
      cur = { rcode: h[1] as string, answer: [] };
      out.push(cur);
      inAnswer = false;
      continue;
    }
    if (line.startsWith(';; ANSWER SECTION:')) {
      inAnswer = true;
      continue;
    }
    if (line.startsWith(';') || line.trim() === '') {
      if (line.startsWith(';;') && !line.startsWith(';; ANSWER')) inAnswer = false;
      continue;
    }
    if (inAnswer && cur) cur.answer.push(line.trim().split(/\s+/).join(' '));
  }
  return out;
}
