/** Files shipped with the package (rules/, schemas/), found from dist/ or src/ alike. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let rootCache: string | undefined;

/** The package root: the nearest folder upward holding the package.json named k8s-lint. */
export function packageRoot(): string {
  rootCache ??= findPackageRoot();
  return rootCache;
}

/** Absolute path of a file in the package root. */
export function packagePath(relative: string): string {
  return join(packageRoot(), relative);
}

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'k8s-lint') return dir;
      } catch {
        // Not ours; keep walking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('k8s-lint package root not found');
    dir = up;
  }
}
