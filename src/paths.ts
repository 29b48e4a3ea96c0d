// Where Herald's own files (samples, default config) live, whether run from src/ or dist/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding Herald's package.json. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Herald cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}
