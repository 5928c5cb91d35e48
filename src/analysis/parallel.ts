/**
 * Two threads for large inputs. `check` spends its time in four parts of similar size: parsing, the dry run,
 * schema validation and the rule catalog. Only the dry run and the few rules that read it depend on each
 * other, so a worker thread parses the same texts again and computes what the manifests alone decide
 * (./manifest-findings.ts) while the main thread parses, simulates and runs the dry-run rules. Parsing
 * twice costs less than the other half of the work it takes off the main thread; findings are plain data,
 * cheap to send back. Small inputs stay on one thread: a worker's start-up (a fresh isolate loading our
 * modules) would cost more than it saves. On two cores it does not pay either (see MIN_PARALLEL_CORES).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InputText, LoadOptions } from '../load/index.js';
import { readPaths, type ReadSources } from '../load/walk.js';
import type { Finding } from '../report/finding.js';
import type { ManifestJob } from './manifest-findings.js';
import type { Analysis } from './run.js';
import { loadOptions, manifestJob, type AnalyzeOptions } from './settings.js';

/**
 * `analyze`, with the findings the manifests alone decide computed on a worker thread while this one runs the
 * dry run, when the input is large enough to gain from it. Same findings in the same order. This module is
 * light on purpose: the worker starts before the main thread loads the analysis modules (./run.ts).
 */
export async function analyzeInParallel(paths: readonly string[], options: AnalyzeOptions = {}, io: ReadSources = {}): Promise<Analysis> {
  const read = readPaths(paths, loadOptions(options), io);
  const job = manifestJob(options);
  const worker = useWorker(read.texts) ? startManifestWorker({ texts: read.texts, load: loadOptions(options), job }) : undefined;
  const run = await import('./run.js');
  if (worker === undefined) return run.analyzeRead(read, options, io);
  const part = run.dryRunPart(run.load(read.texts, options, io), options);
  const manifest = (await worker) ?? (await import('./manifest-findings.js')).manifestFindings(part.loaded.resources, part.model, job);
  return run.assemble(read, part, manifest, options);
}

/** What the worker is sent. */
export interface WorkerRequest {
  readonly texts: readonly InputText[];
  readonly load: Pick<LoadOptions, 'namespace' | 'maxFileSize'>;
  readonly job: ManifestJob;
}

/** What the worker answers. */
export type WorkerReply = { readonly findings: Finding[] } | { readonly error: string };

/**
 * Below this much input text one thread is faster: a worker's start-up (a fresh isolate loading our modules)
 * would cost more than it saves.
 */
const MIN_PARALLEL_BYTES = 1_000_000;

/**
 * Cores needed before a worker is worth it. Measured on 2 cores (`npm run bench -- check`, 10k objects):
 * one thread 3.7-4.0 s, with the worker 4.1-4.7 s. V8's garbage collector already runs its parallel and
 * concurrent phases on the second core, and the worker adds its own parse and collections to it.
 */
const MIN_PARALLEL_CORES = 4;

/**
 * `K8S_LINT_THREADS=1` keeps everything on the main thread; `K8S_LINT_THREADS=2` uses the worker whatever the
 * machine (for comparing, and for the test that proves both give the same output).
 */
export function useWorker(texts: readonly InputText[], env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): boolean {
  if (env.K8S_LINT_THREADS === '1') return false;
  if (env.K8S_LINT_THREADS !== '2' && cores < MIN_PARALLEL_CORES) return false;
  let bytes = 0;
  for (const t of texts) bytes += t.text.length;
  return bytes >= MIN_PARALLEL_BYTES;
}

/**
 * Starts the worker; resolves with its findings, or undefined when it could not do the work (the caller then
 * computes them itself: a worker is a speed-up, never a requirement).
 */
export function startManifestWorker(request: WorkerRequest): Promise<Finding[] | undefined> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: request });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (reply: WorkerReply) => {
      resolve('findings' in reply ? reply.findings : undefined);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}
