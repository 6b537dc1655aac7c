// The built artefacts the bundle and CLI tests need; `npm test` builds first, a lone vitest run builds here.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export function ensureBuilt(...files: string[]): void {
  if (files.every((f) => existsSync(join(ROOT, f)))) return;
  execFileSync(process.execPath, ['build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
