/**
 * The formatter registry: `--format NAME` to a Formatter. stylish and json are registered by the lead's
 * modules (./stylish.js, ./json.js) when they exist on the branch; see `registerFormatter`.
 */
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import type { Formatter } from './types.js';

/** Every `--format` value, in the order help lists them. */
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'compact'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

const registry = new Map<FormatName, Formatter>([
  ['sarif', formatSarif],
  ['junit', formatJunit],
  ['github', formatGithub],
  ['compact', formatCompact],
]);

/** Adds (or replaces) the formatter for a name. */
export function registerFormatter(name: FormatName, f: Formatter): void {
  registry.set(name, f);
}

export function isFormatName(s: string): s is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(s);
}

/** The formatter for a name, or undefined when none is registered. */
export function formatterFor(name: FormatName): Formatter | undefined {
  return registry.get(name);
}
