// `npm run deploy`: push the built add-on with clasp, cut a version, and point the versioned deployment at it.
// The build (`node build.mjs --deploy`) runs first and has already checked MAILTRAIL_PUBLIC_URL.
//   MAILTRAIL_DEPLOYMENT_ID  the deployment the Marketplace listing uses; unset on the very first release,
//                            which creates it (copy the printed id into the Marketplace SDK configuration).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

function fail(message) {
  console.error(`deploy: ${message}`);
  process.exit(1);
}

const clasp = JSON.parse(readFileSync(new URL('../.clasp.json', import.meta.url), 'utf8'));
if (!clasp.scriptId || clasp.scriptId.startsWith('REPLACE_')) {
  fail(
    '.clasp.json has no scriptId yet: create the script with `npx clasp create-script --type standalone --rootDir addon` or paste the id of an existing one (docs/deploy.md, step 2).',
  );
}

function claspJson(...args) {
  const run = spawnSync('npx', ['clasp', '--json', ...args], { encoding: 'utf8' });
  if (run.status !== 0) {
    fail(
      `clasp ${args[0]} failed:\n${run.stderr || run.stdout}\nIs clasp logged in (\`npx clasp login\`) and is the Apps Script API enabled for your account (https://script.google.com/home/usersettings)?`,
    );
  }
  try {
    return JSON.parse(run.stdout);
  } catch {
    return run.stdout;
  }
}

const { version: packageVersion } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const description = `mailtrail ${packageVersion} (${new Date().toISOString().slice(0, 10)})`;

console.log('deploy: pushing addon/ with clasp');
claspJson('push', '--force');

console.log(`deploy: creating version "${description}"`);
const created = claspJson('create-version', description);
const versionNumber = String(created.versionNumber ?? String(created).match(/\d+/)?.[0] ?? '');
if (!versionNumber) fail(`clasp did not report a version number: ${JSON.stringify(created)}`);

const deploymentId = process.env.MAILTRAIL_DEPLOYMENT_ID;
if (deploymentId) {
  claspJson('update-deployment', deploymentId, '-V', versionNumber, '-d', description);
  console.log(
    `deploy: deployment ${deploymentId} now serves version ${versionNumber}; installed users get it without a new review.`,
  );
} else {
  const deployment = claspJson('create-deployment', '-V', versionNumber, '-d', description);
  console.log(
    `deploy: created deployment ${deployment.deploymentId ?? JSON.stringify(deployment)} at version ${versionNumber}.`,
  );
  console.log(
    'deploy: put this id in the Marketplace SDK (App Configuration → Apps Script deployment ID) and in MAILTRAIL_DEPLOYMENT_ID for later releases.',
  );
}
