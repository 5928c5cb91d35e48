/**
 * oclif's explicit command discovery (package.json `oclif.commands`) knows only the commands src/cli.ts
 * lists: a command file left out of it would silently not exist.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli.js';
import { ROOT } from './helpers.js';

function commandFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? commandFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('src/cli.ts', () => {
  it('lists every file of src/commands under its oclif id, with that file’s command', async () => {
    const dir = join(ROOT, 'src', 'commands');
    const expected: Record<string, unknown> = {};
    for (const file of commandFiles(dir)) {
      const id = relative(dir, file).replace(/\.ts$/, '').split('/').join(':');
      expected[id] = ((await import(file)) as { default: unknown }).default;
    }
    expect(Object.keys(COMMANDS).sort()).toEqual(Object.keys(expected).sort());
    for (const [id, command] of Object.entries(COMMANDS)) expect(command, id).toBe(expected[id]);
  });
});
