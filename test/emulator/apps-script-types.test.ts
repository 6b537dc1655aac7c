// The emulator's services satisfy @types/google-apps-script, the only API the add-on is compiled against: this
// compiles apps-script-types/ (its own program, since Apps Script's globals must stay out of the root one).
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ROOT } from './build';

it("the emulated services offer what the add-on may call, with Apps Script's argument and return types", async () => {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = await promisify(execFile)(
    process.execPath,
    [tsc, '-p', 'test/emulator/apps-script-types/tsconfig.json'],
    { cwd: ROOT },
  ).then(
    () => '',
    (err: { stdout: string }) => err.stdout,
  );
  expect(result).toBe('');
});
