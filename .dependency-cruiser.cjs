// The import rules of src/ (docs/architecture.md): layers only point down, and no two folders import each other.
// `npm run boundaries` checks them; .ci/run runs it before the tests.

/** Lowest first. A module may import its own layer or one listed before it, never one after. */
const LAYERS = [
  ['contract', '^src/contract/'],
  ['emulator', '^src/emulator/'],
  ['server core', '^src/server/core/'],
  ['store', '^src/server/store/'],
  // The capabilities, in the order they may use each other (the BCC inbox files through logging, never the reverse).
  ...['crm', 'templates', 'accounts', 'auth', 'logging', 'tracking', 'reminders', 'smtp', 'seed'].map((c) => [
    c,
    `^src/server/${c}/`,
  ]),
  ['HTTP surfaces', '^src/server/http/'],
  ['app assembly', '^src/server/app/'],
  ['CLI', '^src/cli/'],
];

const upward = LAYERS.slice(0, -1).map(([name, path], i) => ({
  name: `no-upward-from-${name.replace(/ /g, '-')}`,
  comment: `${name} sits below ${LAYERS.slice(i + 1)
    .map(([n]) => n)
    .join(', ')}: it may not import them`,
  severity: 'error',
  from: { path },
  to: { path: LAYERS.slice(i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'addon-apps-script-only',
      comment: 'The add-on runs in Apps Script: it may import the contract and itself, nothing else of ours',
      severity: 'error',
      from: { path: '^src/addon/' },
      to: { path: '^src/', pathNot: '^src/(addon|contract)/' },
    },
    {
      name: 'web-browser-only',
      comment: 'The web app runs in the browser: it may import the contract and itself, nothing else of ours',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/', pathNot: '^src/(web|contract)/' },
    },
    {
      name: 'nothing-imports-the-addon-or-web',
      comment: 'The add-on and the web app are leaves: built on their own, imported by nobody',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(addon|web)/' },
      to: { path: '^src/(addon|web)/' },
    },
    {
      name: 'http-surfaces-apart',
      comment: 'The HTTP surfaces do not know each other: what they share sits in src/server/http/ itself',
      severity: 'error',
      from: { path: '^src/server/http/([^/]+)/' },
      to: { path: '^src/server/http/[^/]+/', pathNot: '^src/server/http/$1/' },
    },
    {
      name: 'http-shared-below-surfaces',
      comment: 'What the HTTP surfaces share does not import any of them (the app wires them together)',
      severity: 'error',
      from: { path: '^src/server/http/[^/]+$' },
      to: { path: '^src/server/http/[^/]+/' },
    },
    {
      name: 'no-folder-cycles',
      comment: 'Two folders never import each other, directly or through others',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'Modules that load each other (a type-only import loads nothing: a store repository names its scope)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.d\\.ts$', 'src/web/vite\\.config\\.ts'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
