/**
 * The formatter registry: `--format NAME` to a Formatter. stylish and json keep their own option shapes
 * and are adapted to the common signature here.
 */
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { Formatter } from './types.js';

/** Every `--format` value, in the order help lists them. */
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github', 'compact'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

const registry = new Map<FormatName, Formatter>([
  ['stylish', (findings, ctx) => formatStylish(findings, { color: ctx.color ?? false })],
  [
    'json',
    (findings, ctx) =>
      formatJson(findings, {
        version: ctx.tool.version,
        files: ctx.counts?.files ?? 0,
        objects: ctx.counts?.objects ?? ctx.inventory?.length ?? 0,
      }),
  ],
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
