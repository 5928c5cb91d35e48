/** oclif flag definitions for commands that write reports (kept apart so the library does not load oclif). */
import { Flags } from '@oclif/core';
import { FORMAT_NAMES } from './formats.js';

/** Flags for commands that write reports: spread into a command's `static flags`. */
export const reportFlags = {
  format: Flags.string({
    char: 'f',
    summary: 'Output format; repeat it together with --output to write several reports in one run.',
    options: [...FORMAT_NAMES],
    multiple: true,
  }),
  output: Flags.string({
    char: 'o',
    summary: 'File for the report of the --format at the same position (`-` = stdout).',
    multiple: true,
  }),
};
