/**
 * The progress bar of long runs: on stderr, only when a person is watching (stderr and stdout are TTYs,
 * `CI` is not set, not --quiet), and only once a run has taken longer than about 2 s, so short runs never
 * flicker. The pipeline is synchronous, so the bar is drawn from the update calls themselves
 * (cli-progress's synchronous redraw), not from a timer. cli-progress is loaded only when a bar is shown.
 */
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import type { SingleBar } from 'cli-progress';

export interface ProgressEnvironment {
  readonly stderrIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly quiet: boolean;
}

/**
 * True when a bar may be shown. `CI` set to anything but `false`/`0` means a CI job (GitHub Actions,
 * GitLab, CircleCI and Travis all set CI=true); output piped to a file or another program is no TTY.
 */
export function progressAllowed(e: ProgressEnvironment): boolean {
  const ci = e.env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
  return e.stderrIsTTY && e.stdoutIsTTY && !inCi && !e.quiet;
}

/** One step of progress: `done` of `total` items of a phase (`files read`, `objects analysed`). */
export interface ProgressEvent {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
}

export interface Progress {
  update(e: ProgressEvent): void;
  stop(): void;
  /** True once the bar has been drawn (for tests). */
  readonly shown: boolean;
}

export interface ProgressOptions {
  readonly allowed: boolean;
  /** Quiet period before the bar appears, in ms (default 2000). */
  readonly delayMs?: number;
  readonly now?: () => number;
  readonly stream?: NodeJS.WritableStream;
}

/** A progress reporter that draws nothing until `delayMs` has passed, and nothing at all when not allowed. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const delay = options.delayMs ?? 2000;
  let bar: SingleBar | undefined;
  let phase = '';
  const self = {
    shown: false,
    update(e: ProgressEvent): void {
      if (!options.allowed) return;
      if (!bar) {
        if (now() - start < delay) return;
        bar = newBar(options.stream ?? process.stderr);
        bar.start(e.total, e.done, { phase: e.phase });
        phase = e.phase;
        self.shown = true;
        return;
      }
      if (e.phase !== phase || bar.getTotal() !== e.total) {
        bar.setTotal(e.total);
        phase = e.phase;
      }
      bar.update(e.done, { phase: e.phase });
    },
    stop(): void {
      bar?.stop();
      bar = undefined;
    },
  };
  return self;
}

function newBar(stream: NodeJS.WritableStream): SingleBar {
  // cli-progress is CommonJS; a synchronous require keeps the pipeline synchronous.
  const require = createRequire(import.meta.url);
  const cliProgress = require('cli-progress') as typeof CliProgress;
  return new cliProgress.SingleBar(
    {
      stream,
      format: '{bar} {value}/{total} {phase}',
      hideCursor: true,
      clearOnComplete: true,
      // Redraw from update() itself: the event loop is busy while we analyse.
      synchronousUpdate: true,
      fps: 10,
      // We decided above that a person is watching; draw even if the stream object is not a tty.WriteStream.
      noTTYOutput: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
}

/** The progress bar a command shows on this process's terminal (stderr), unless quiet or not a terminal. */
export function terminalProgress(quiet: boolean | undefined): Progress {
  return createProgress({
    allowed: progressAllowed({
      stderrIsTTY: Boolean(process.stderr.isTTY),
      stdoutIsTTY: Boolean(process.stdout.isTTY),
      env: process.env,
      quiet: quiet === true,
    }),
  });
}
