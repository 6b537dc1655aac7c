#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('mailtrail: dist/cli.js is missing; run `npm run build` first (npm ci does it too).\n');
  process.exit(1);
}
await import(cli);
