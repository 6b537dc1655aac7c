// Builds everything: the Apps Script add-on (addon/), the server and CLI (dist/), the web app (dist/web).
//   node build.mjs            local build; the add-on talks to MAILTRAIL_PUBLIC_URL or http://127.0.0.1:8787
//   node build.mjs --deploy   a build for `clasp push`: MAILTRAIL_PUBLIC_URL must be https
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const deploy = process.argv.includes('--deploy');
const ADDON_GLOBAL = '__mailtrail';

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

// What a default `mailtrail start` makes its links with (publicUrlOf in src/server/core/config.ts): the bundle may
// open only links under its backend URL, so the two must be the same string (test/emulator/cli.test.ts).
const LOCAL_PUBLIC_URL = 'http://127.0.0.1:8787';

function publicUrl() {
  const raw = process.env.MAILTRAIL_PUBLIC_URL || (deploy ? '' : LOCAL_PUBLIC_URL);
  if (!raw)
    fail(
      'a deploy build needs MAILTRAIL_PUBLIC_URL, the https address where the backend is reachable, e.g. MAILTRAIL_PUBLIC_URL=https://crm.example.com npm run deploy',
    );
  let url;
  try {
    url = new URL(raw);
  } catch {
    fail(`MAILTRAIL_PUBLIC_URL is not a URL: ${JSON.stringify(raw)}`);
  }
  if (deploy && url.protocol !== 'https:')
    fail(`Apps Script only fetches https URLs; MAILTRAIL_PUBLIC_URL is ${url.href}`);
  return url.href.replace(/\/$/, '');
}

/** The add-on's entry points are exactly what src/addon/main.ts exports: one list, read from the bundle itself. */
async function addonEntryPoints() {
  const probe = await build({
    entryPoints: [join(root, 'src/addon/main.ts')],
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    outfile: 'probe.js',
    logLevel: 'silent',
  });
  const [output] = Object.values(probe.metafile.outputs);
  return output.exports.slice().sort();
}

async function buildAddon(backendUrl) {
  const names = await addonEntryPoints();
  // Apps Script only finds triggers and actions that are real top-level function declarations.
  const footer = names.map((n) => `function ${n}(e) { return ${ADDON_GLOBAL}.${n}(e); }`).join('\n');
  const outfile = join(root, 'addon/Code.js');
  await build({
    entryPoints: [join(root, 'src/addon/main.ts')],
    bundle: true,
    format: 'iife',
    globalName: ADDON_GLOBAL,
    target: 'es2019',
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    outfile,
    footer: { js: footer },
    define: { __MAILTRAIL_BACKEND_URL__: JSON.stringify(backendUrl) },
    logLevel: 'warning',
  });

  const manifest = JSON.parse(readFileSync(join(root, 'appsscript.json'), 'utf8'));
  manifest.urlFetchWhitelist = [`${backendUrl}/`];
  manifest.addOns.common.openLinkUrlPrefixes = [`${backendUrl}/`];
  writeFileSync(join(root, 'addon/appsscript.json'), JSON.stringify(manifest, null, 2) + '\n');
  writeFileSync(join(root, 'addon/entrypoints.json'), JSON.stringify(names, null, 2) + '\n');
  // For the emulator: a deploy build is held to Apps Script's https-only allowlists; clasp pushes no such file.
  const target = { target: deploy ? 'deploy' : 'local', publicUrl: backendUrl };
  writeFileSync(join(root, 'addon/build.json'), JSON.stringify(target, null, 2) + '\n');
  const kb = (statSync(outfile).size / 1024).toFixed(1);
  console.log(`build: addon/Code.js ${kb} KB, ${names.length} entry points, backend ${backendUrl}`);
}

async function buildServer() {
  // Chunk names change with their content; old ones would pile up.
  for (const file of existsSync(join(root, 'dist')) ? readdirSync(join(root, 'dist')) : []) {
    if (file.startsWith('chunk-')) rmSync(join(root, 'dist', file));
  }
  await build({
    entryPoints: {
      cli: join(root, 'src/cli/main.ts'),
      'fetch-worker': join(root, 'src/emulator/urlfetch/worker.ts'),
      'gmail-addon-worker': join(root, 'src/server/http/gmail-emulator/addon-worker.ts'),
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // Each command loads only what it uses: `mailtrail addon` should not pay for Fastify, pg and smtp-server.
    splitting: true,
    // Chunks sit beside the entries: code that finds a worker file with new URL('./x.js', import.meta.url) works from any of them.
    chunkNames: 'chunk-[hash]',
    sourcemap: true,
    outdir: join(root, 'dist'),
    logLevel: 'warning',
  });
  console.log('build: dist/cli.js');
}

async function buildWeb() {
  const config = join(root, 'src/web/vite.config.ts');
  if (!existsSync(config)) return;
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: config, logLevel: 'warn' });
  console.log('build: dist/web');
}

mkdirSync(join(root, 'addon'), { recursive: true });
const backendUrl = publicUrl();
await buildAddon(backendUrl);
await buildServer();
await buildWeb();
