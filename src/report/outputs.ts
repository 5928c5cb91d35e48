/**
 * `--format` / `--output` pairs: one run writes several reports (kube-linter's `--format x --output f`
 * model, stackrox/kube-linter:docs/using-kubelinter.md). The check command declares `reportFlags`, turns
 * the parsed flags into targets with `planOutputs`, and hands them to `writeReports`. User mistakes come
 * back as values (the command prints them and exits 2), never as exceptions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Finding } from './finding.js';
import { FORMAT_NAMES, formatterFor, isFormatName } from './formats.js';
import type { FormatName } from './formats.js';
import type { FormatContext, InventoryItem } from './types.js';
import { displayName } from '../model/resource.js';
import type { Resource } from '../model/resource.js';

/** One report to write: a format and where (undefined file = stdout). */
export interface OutputTarget {
  readonly format: FormatName;
  readonly file?: string;
}

export interface OutputError {
  readonly code: 'output-pairing' | 'unknown-format' | 'output-write';
  readonly message: string;
}

/**
 * Pairs formats with outputs by position. No --format: `defaultFormat` to stdout (or to the one --output).
 * Formats without outputs are allowed only when there is exactly one (it goes to stdout). At most one
 * report goes to stdout, and no file is named twice.
 */
export function planOutputs(
  formats: readonly string[] | undefined,
  outputs: readonly string[] | undefined,
  defaultFormat: FormatName = 'stylish',
): { targets: OutputTarget[] } | { error: OutputError } {
  const fs = formats && formats.length > 0 ? formats : [defaultFormat];
  const os = outputs ?? [];
  for (const f of fs) {
    if (!isFormatName(f)) {
      return { error: { code: 'unknown-format', message: `Unknown format "${f}". Use one of: ${FORMAT_NAMES.join(', ')}.` } };
    }
  }
  if (os.length > 0 && os.length !== fs.length) {
    return {
      error: {
        code: 'output-pairing',
        message: `Got ${fs.length} --format and ${os.length} --output values. Give one --output per --format, in the same order (use \`-\` for stdout).`,
      },
    };
  }
  if (os.length === 0 && fs.length > 1) {
    return {
      error: {
        code: 'output-pairing',
        message: `Only one report can go to stdout, but ${fs.length} formats were given. Add an --output FILE for each --format.`,
      },
    };
  }
  const targets = fs.map((f, i) => {
    const file = os[i];
    return file === undefined || file === '-' ? { format: f as FormatName } : { format: f as FormatName, file };
  });
  if (targets.filter((t) => t.file === undefined).length > 1) {
    return { error: { code: 'output-pairing', message: 'Only one report can go to stdout (`-`); give the others a file.' } };
  }
  const files = targets.flatMap((t) => (t.file === undefined ? [] : [resolve(t.file)]));
  if (new Set(files).size !== files.length) {
    return { error: { code: 'output-pairing', message: 'The same --output file is named twice.' } };
  }
  return { targets };
}

export interface WriteIO {
  /** Writes the stdout report (the command passes `(s) => process.stdout.write(s)`). */
  readonly stdout: (text: string) => void;
  /** Defaults to writing the file, creating its directory. */
  readonly writeFile?: (file: string, text: string) => void;
}

/** Renders every target and writes it. Returns the errors (unwritable files), having written the rest. */
export function writeReports(
  findings: readonly Finding[],
  ctx: FormatContext,
  targets: readonly OutputTarget[],
  io: WriteIO,
): OutputError[] {
  const errors: OutputError[] = [];
  const write =
    io.writeFile ??
    ((file: string, text: string): void => {
      mkdirSync(dirname(resolve(file)), { recursive: true });
      writeFileSync(file, text);
    });
  for (const t of targets) {
    const formatter = formatterFor(t.format);
    if (!formatter) {
      errors.push({ code: 'unknown-format', message: `No formatter is registered for "${t.format}".` });
      continue;
    }
    // Colour is for a terminal: never in a file, whatever the caller decided for stdout.
    const text = formatter(findings, t.file === undefined ? ctx : { ...ctx, color: false });
    if (t.file === undefined) {
      io.stdout(text);
      continue;
    }
    try {
      write(t.file, text);
    } catch (e) {
      errors.push({ code: 'output-write', message: `Cannot write ${t.file}: ${(e as Error).message}` });
    }
  }
  return errors;
}

/** Where each object of the input starts: the inventory JUnit lists clean objects from. */
export function inventoryOf(
  resources: readonly Pick<Resource, 'source' | 'namespace' | 'kind' | 'name'>[],
): InventoryItem[] {
  return resources.map((r) => ({
    resource: displayName(r),
    location: {
      file: r.source.file,
      line: r.source.startLine,
      column: 1,
      ...(r.source.template !== undefined ? { template: r.source.template } : {}),
    },
  }));
}
