/**
 * Paths -> input texts: files, directories (recursive; .yaml/.yml/.json; node_modules and dot-directories
 * skipped; symlink loops cut), and `-` for stdin. Everything that cannot be read is a positioned input finding.
 */
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, isAbsolute } from 'node:path';
import type { Finding } from '../report/finding.js';
import type { InputText, LoadOptions, LoadResult } from './index.js';
import { inputPath } from './input-path.js';
import { loadTexts } from './index.js';

export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;
const MANIFEST_EXTENSIONS = /\.(ya?ml|json)$/i;

export interface LoadPathsResult extends LoadResult {
  /** Files read, in the order analysed. */
  readonly files: readonly string[];
}

export interface ReadSources {
  /** Reads all of stdin (injected so the loader stays testable). */
  readonly stdin?: () => Buffer;
  readonly cwd?: string;
  /** Told after each file is read (`done` of `total` files found), for the CLI's progress bar. */
  readonly onProgress?: (e: { readonly phase: string; readonly done: number; readonly total: number }) => void;
}

/** Reads every path and loads the documents found. */
export function loadPaths(paths: readonly string[], options: LoadOptions = {}, io: ReadSources = {}): LoadPathsResult {
  const read = readPaths(paths, options, io);
  const loaded = loadTexts(read.texts, io.onProgress ? { ...options, onProgress: io.onProgress } : options);
  return { resources: loaded.resources, findings: [...read.findings, ...loaded.findings], files: read.texts.map((t) => t.file) };
}

/** The texts of every path (files found, stdin, rendered kustomizations) and the problems reading them. */
export interface ReadResult {
  readonly texts: readonly InputText[];
  /** Input diagnostics: unreadable paths, empty stdin, oversized or undecodable files. */
  readonly findings: readonly Finding[];
}

/** Reads every path into memory, without parsing. */
export function readPaths(paths: readonly string[], options: Pick<LoadOptions, 'maxFileSize'> = {}, io: ReadSources = {}): ReadResult {
  const cwd = io.cwd ?? process.cwd();
  const findings: Finding[] = [];
  const texts: InputText[] = [];
  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Paths are expanded first so that progress can say how many files there are.
  const expanded = paths.map((path) => (path === '-' ? { path, files: [] } : { path, files: expand(path, cwd, findings) }));
  const total = expanded.reduce((n, e) => n + e.files.length, 0);
  let done = 0;
  for (const { path, files } of expanded) {
    if (path === '-') {
      const buf = (io.stdin ?? (() => readFileSync(0)))();
      if (buf.length === 0) {
        findings.push(inputFinding('empty-input', '<stdin>', 'no input on stdin: pipe manifests in (e.g. helm template . | k8s-lint check -)'));
        continue;
      }
      const decoded = decode(buf, '<stdin>', findings);
      if (decoded !== undefined) texts.push({ file: '<stdin>', text: decoded });
      continue;
    }
    for (const file of files) {
      const display = inputPath(file, cwd);
      if (isKustomization(file)) {
        const rendered = renderKustomization(file, display, cwd, findings);
        if (rendered !== undefined) texts.push({ file: display, ...rendered });
      } else {
        const text = readText(file, display, maxSize, findings);
        if (text !== undefined) texts.push({ file: display, text });
      }
      io.onProgress?.({ phase: 'files read', done: ++done, total });
    }
  }
  return { texts, findings };
}

/** Files under a path, sorted for determinism. */
function expand(path: string, cwd: string, findings: Finding[]): string[] {
  const abs = isAbsolute(path) ? path : join(cwd, path);
  let st;
  try {
    st = statSync(abs);
  } catch (e) {
    findings.push(inputFinding('unreadable-path', path, `cannot read ${path}: ${errnoText(e)}`));
    return [];
  }
  if (st.isFile()) return [abs];
  if (!st.isDirectory()) {
    findings.push(inputFinding('unreadable-path', path, `${path} is not a regular file or directory (a socket, FIFO or device): not read`));
    return [];
  }
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      findings.push(inputFinding('unreadable-path', inputPath(dir, cwd), `cannot read ${inputPath(dir, cwd)}: ${errnoText(e)}`));
      return;
    }
    if (visited.has(real)) return; // a symlink loop, or a directory reached twice
    visited.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      findings.push(inputFinding('unreadable-path', inputPath(dir, cwd), `cannot read directory ${inputPath(dir, cwd)}: ${errnoText(e)}`));
      return;
    }
    // A kustomization is one unit: its files are bases and patches, meaningful only once rendered.
    const kustomization = entries.find((e) => e.isFile() && KUSTOMIZATION_FILES.includes(e.name));
    if (kustomization) {
      out.push(join(dir, kustomization.name));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = join(dir, entry.name);
      let kind: 'dir' | 'file' | 'other' = entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(child);
          kind = target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
        } catch (e) {
          findings.push(inputFinding('unreadable-path', inputPath(child, cwd), `cannot follow link ${inputPath(child, cwd)}: ${errnoText(e)}`));
          continue;
        }
      }
      if (kind === 'dir') walk(child);
      else if (kind === 'file' && MANIFEST_EXTENSIONS.test(entry.name)) out.push(child);
    }
  };
  walk(abs);
  return out;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

function isKustomization(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(file));
}

/**
 * The environment kustomize renders in: remote bases and resources cannot be fetched. Its HTTP client honours
 * the proxy variables (a closed local port refuses every connection) and its git clones honour
 * GIT_ALLOW_PROTOCOL (local repositories only), so a manifest cannot make the tool reach the network.
 */
function offlineEnv(): NodeJS.ProcessEnv {
  const closed = 'http://127.0.0.1:9';
  return { ...process.env, HTTP_PROXY: closed, HTTPS_PROXY: closed, http_proxy: closed, https_proxy: closed, NO_PROXY: '', no_proxy: '', GIT_ALLOW_PROTOCOL: 'file', GIT_TERMINAL_PROMPT: '0' };
}

/**
 * Renders a kustomization directory with `kubectl kustomize` (kustomize's exec plugins stay off, as kubectl
 * leaves them by default). It is rendered through a wrapping kustomization that asks for origin annotations
 * (./kustomize-origin.ts), so findings point into the files the objects were written in. Where the wrapper
 * cannot be used (the user's kustomization asks for origin annotations itself, the directory cannot be reached
 * by a relative path, a kustomize too old for buildMetadata, a Component), the directory is rendered as it is
 * and findings point into the rendered stream under the kustomization's path. Without kubectl on PATH, a clear
 * input error says how to pipe the rendering in.
 */
function renderKustomization(file: string, display: string, cwd: string, findings: Finding[]): Pick<InputText, 'text' | 'origins'> | undefined {
  const dir = dirname(file);
  const shown = dirname(display);
  const wrapped = renderWithOrigins(file, cwd);
  if (wrapped !== undefined) return wrapped;
  // Rendered as it stands: this also gives the user's own error (or kubectl's absence) without the wrapper's paths.
  const result = kustomize(dir);
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    findings.push(inputFinding('kustomization-not-rendered', display, `${shown} is a kustomization and kubectl is not on PATH: render it and pipe it in (kubectl kustomize ${shown} | k8s-lint check -)`));
    return undefined;
  }
  if (result.status !== 0 || typeof result.stdout !== 'string') {
    const reason = (kubectlErrorReason(result.stderr ?? '') ?? result.error?.message ?? `exit status ${String(result.status)}`).slice(0, 500);
    findings.push(inputFinding('kustomization-not-rendered', display, `kubectl kustomize ${shown} failed: ${reason}`));
    return undefined;
  }
  return { text: result.stdout };
}

/**
 * What kubectl says failed. kubectl 1.32 logs it as a structured klog line, `E1122 08:13:57.669697 443
 * run.go:72] "command failed" err="<reason>"` (the value Go-quoted); older ones print `error: <reason>`.
 * kustomize's deprecation warnings (`# Warning: ...`) go to the same stream and are skipped.
 */
export function kubectlErrorReason(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  for (const line of lines) {
    const quoted = /^[EWI]\d{4} .*?\berr="((?:[^"\\]|\\.)*)"/.exec(line)?.[1];
    if (quoted === undefined) continue;
    try {
      return JSON.parse(`"${quoted}"`) as string;
    } catch {
      // A Go escape JSON lacks (\x.., \a): the text as logged.
      return quoted;
    }
  }
  const plain = lines.find((l) => l !== '' && l !== '>' && !/^[EWI]\d{4} /.test(l) && !/^#? ?Warning:/i.test(l));
  return plain?.replace(/^error: /, '');
}

function kustomize(dir: string): SpawnSyncReturns<string> {
  return spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 * 1024 * 1024, env: offlineEnv() });
}

/**
 * The rendering through a temporary kustomization `resources: [<dir>]` with `buildMetadata: [originAnnotations]`
 * (the user's files stay untouched), or undefined when the wrapper does not apply or fails.
 */
function renderWithOrigins(file: string, cwd: string): Pick<InputText, 'text' | 'origins'> | undefined {
  let own: string;
  try {
    own = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (own.includes('originAnnotations')) return undefined;
  let root: string | undefined;
  try {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'k8s-lint-kustomize-')));
    // kustomize accepts only relative paths to other kustomization roots.
    const target = relative(root, realpathSync(dirname(file)));
    if (isAbsolute(target)) return undefined;
    writeFileSync(join(root, 'kustomization.yaml'), `resources:\n- ${JSON.stringify(target)}\nbuildMetadata:\n- originAnnotations\n`);
    const result = kustomize(root);
    if (result.status !== 0 || typeof result.stdout !== 'string') return undefined;
    return { text: result.stdout, origins: { root, cwd } };
  } catch {
    return undefined;
  } finally {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  }
}

function readText(file: string, display: string, maxSize: number, findings: Finding[]): string | undefined {
  try {
    const size = statSync(file).size;
    if (size > maxSize) {
      findings.push(inputFinding('file-too-large', display, `file is ${mib(size)}, larger than --max-file-size (${mib(maxSize)}): not read; raise --max-file-size to analyse it`));
      return undefined;
    }
    return decode(readFileSync(file), display, findings);
  } catch (e) {
    findings.push(inputFinding('unreadable-path', display, `cannot read ${display}: ${errnoText(e)}`));
    return undefined;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly; binary files (NUL bytes) and invalid UTF-8 are findings at the offending byte. */
function decode(buf: Buffer, display: string, findings: Finding[]): string | undefined {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const { line, column } = positionOfByte(buf, nul);
    findings.push(inputFinding('invalid-encoding', display, 'binary file (contains a NUL byte): not a YAML or JSON manifest', line, column));
    return undefined;
  }
  try {
    return UTF8.decode(buf);
  } catch {
    const bad = firstInvalidUtf8(buf);
    const { line, column } = positionOfByte(buf, bad);
    findings.push(inputFinding('invalid-encoding', display, `invalid UTF-8 at byte ${bad}: manifests must be UTF-8`, line, column));
    return undefined;
  }
}

function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i] as number;
    const len = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (len === 0) return i;
    try {
      UTF8.decode(buf.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return buf.length;
}

function positionOfByte(buf: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (buf[i] === 0x0a) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function inputFinding(rule: string, file: string, message: string, line = 1, column = 1): Finding {
  return { rule, severity: 'error', message, location: { file, line, column }, input: true };
}

function errnoText(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
