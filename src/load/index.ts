/**
 * Loading: files, directories and stdin -> documents with source positions -> Resources.
 * (Stub signatures; the implementation lands next.)
 */
import type { Resource } from '../model/resource.js';
import type { Finding } from '../report/finding.js';

/** One input text with the path it is reported under. */
export interface InputText {
  readonly file: string;
  readonly text: string;
}

export interface LoadOptions {
  /** Namespace given to namespaced objects without one (`--namespace`, default `default`). */
  readonly namespace?: string;
  /** Largest file read, in bytes (`--max-file-size`). */
  readonly maxFileSize?: number;
}

export interface LoadResult {
  readonly resources: Resource[];
  /** Input diagnostics (unreadable or unparsable input): findings with `input: true`. */
  readonly findings: Finding[];
}

/** Parses texts already in memory. Pure and synchronous. */
export function loadTexts(_inputs: readonly InputText[], _options: LoadOptions = {}): LoadResult {
  throw new Error('not implemented yet');
}
