/** Files shipped with the package (rules/, schemas/), found relative to this module from dist/ or src/. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Absolute path of a file in the package root (the folder holding package.json). */
export function packagePath(relative: string): string {
  let dir = here;
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, relative);
    dir = dirname(dir);
  }
  return join(here, '..', relative);
}
