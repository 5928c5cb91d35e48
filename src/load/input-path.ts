import { isAbsolute, relative } from 'node:path';

/** How the loader names a file it read: relative to the working directory when under it, else absolute. */
export function inputPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
