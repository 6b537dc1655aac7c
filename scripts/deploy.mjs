// `npm run deploy`: build the add-on for the backend, push it with clasp, cut a version, and point the versioned
// deployment at it. docs/deploy.md walks through it.
//   MAILTRAIL_PUBLIC_URL     the backend's https address (required; checked before anything else runs)
//   MAILTRAIL_SCRIPT_ID      an existing Apps Script project to push to; unset on the very first release, which
//                            creates one. Either way .clasp.json (not committed: it is yours) records it.
//   MAILTRAIL_DEPLOYMENT_ID  the deployment the Marketplace listing uses; unset on the very first release,
//                            which creates it (copy the printed id into the Marketplace SDK configuration).
//   CLASP                    the clasp command (default: the one installed in node_modules)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const claspFile = join(root, '.clasp.json');
const clasp = process.env.CLASP || join(root, 'node_modules', '.bin', 'clasp');

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(1);
}

/** Apps Script's UrlFetchApp only fetches https, so an http backend would build an add-on that cannot work. */
function backendUrl() {
  const raw = process.env.MAILTRAIL_PUBLIC_URL;
  if (!raw)
    fail(
      'set MAILTRAIL_PUBLIC_URL to the https address where the backend is reachable, e.g. MAILTRAIL_PUBLIC_URL=https://crm.example.com npm run deploy',
    );
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`MAILTRAIL_PUBLIC_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:')
    fail(
      `MAILTRAIL_PUBLIC_URL must be https (Apps Script only fetches https URLs), not ${url.href}: put TLS in front of the backend first (docs/operations.md)`,
    );
  return url.href;
}

function claspJson(args, cwd = root) {
  const run = spawnSync(clasp, ['--json', ...args], { cwd, encoding: 'utf8' });
  if (run.error) fail(`could not run clasp (${clasp}): ${run.error.message}. Run \`npm ci\` first.`);
  if (run.status !== 0) {
    fail(
      `clasp ${args[0]} failed:\n${run.stderr || run.stdout}\nIs clasp logged in (\`npx clasp login\`) and is the Apps Script API on for your account (https://script.google.com/home/usersettings)?`,
    );
  }
  try {
    return JSON.parse(run.stdout);
  } catch {
    return run.stdout;
  }
}

/**
 * The project clasp pushes to, recorded in .clasp.json. A new project is created in a scratch directory: clasp
 * pulls its starter files (a Code.gs, a default manifest) there, not over the built add-on.
 */
function ensureScript() {
  if (existsSync(claspFile)) {
    const { scriptId } = JSON.parse(readFileSync(claspFile, 'utf8'));
    if (!scriptId) fail(`${claspFile} has no scriptId: delete it to create a project, or set MAILTRAIL_SCRIPT_ID.`);
    return scriptId;
  }
  let scriptId = process.env.MAILTRAIL_SCRIPT_ID;
  if (!scriptId) {
    console.log('deploy: no .clasp.json yet: creating the Apps Script project "mailtrail"');
    const scratch = mkdtempSync(join(tmpdir(), 'mailtrail-clasp-'));
    try {
      const created = claspJson(
        ['create-script', '--type', 'standalone', '--title', 'mailtrail', '--rootDir', '.'],
        scratch,
      );
      scriptId = created.scriptId ?? JSON.parse(readFileSync(join(scratch, '.clasp.json'), 'utf8')).scriptId;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    if (!scriptId) fail('clasp created no script id');
  }
  writeFileSync(claspFile, JSON.stringify({ scriptId, rootDir: 'addon' }, null, 2) + '\n');
  console.log(`deploy: .clasp.json points at script ${scriptId} (https://script.google.com/d/${scriptId}/edit)`);
  return scriptId;
}

const url = backendUrl();
ensureScript();

console.log(`deploy: building the add-on for ${url}`);
const build = spawnSync(process.execPath, [join(root, 'build.mjs'), '--deploy'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { version: packageVersion } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const description = `mailtrail ${packageVersion} (${new Date().toISOString().slice(0, 10)})`;

console.log('deploy: pushing addon/ with clasp');
claspJson(['push', '--force']);

console.log(`deploy: creating version "${description}"`);
const created = claspJson(['create-version', description]);
const versionNumber = String(created.versionNumber ?? String(created).match(/\d+/)?.[0] ?? '');
if (!versionNumber) fail(`clasp did not report a version number: ${JSON.stringify(created)}`);

const deploymentId = process.env.MAILTRAIL_DEPLOYMENT_ID;
if (deploymentId) {
  claspJson(['update-deployment', deploymentId, '-V', versionNumber, '-d', description]);
  console.log(
    `deploy: deployment ${deploymentId} now serves version ${versionNumber}; installed users get it without a new review.`,
  );
} else {
  const deployment = claspJson(['create-deployment', '-V', versionNumber, '-d', description]);
  console.log(
    `deploy: created deployment ${deployment.deploymentId ?? JSON.stringify(deployment)} at version ${versionNumber}.`,
  );
  console.log(
    'deploy: put this id in the Marketplace SDK (App Configuration → Apps Script deployment ID) and in MAILTRAIL_DEPLOYMENT_ID for later releases.',
  );
}
