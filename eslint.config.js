// @ts-check
/**
 * Lint = the architecture, written down and enforced.
 *
 *  1. Layers: a folder of src/ imports only from folders of a LOWER layer (plus the few same-layer edges
 *     listed in SAME_LAYER_ALLOWED), and there are no import cycles.
 *  2. Public entry: another folder is imported only through its index.ts; files named `_*.ts` are private
 *     to their directory.
 *  3. Package ownership: drivers, servers and CLI libraries each belong to one or a few folders;
 *     src/core, src/contract and src/stats stay browser-safe (no node builtins; core imports no package).
 *  4. Only src/app touches the process and the wall clock: environment, signals, timers, Date.now(),
 *     new Date(), Math.random(). Everything else gets a Clock / Random / config injected.
 *  5. typescript-eslint recommended, consistent type imports, no floating promises.
 *  6. What is linted: TS everywhere but build output, fixtures and tool configs; bench/ and scripts/ *.mjs as
 *     plain Node JS.
 *  7. No `.only` in tests.
 *
 * Tests (test/**, **\/*.test.ts), scripts/ and bench/ are exempt from 2 and 4.
 * A new folder of src/ must be added to LAYERS below (lint says so until it is).
 */
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/** Layer of each folder of src/ (lower number = lower layer). Folders may not exist yet. */
const LAYERS = {
  core: 0,
  contract: 1,
  stats: 1,
  store: 2,
  engine: 2,
  registry: 3,
  audit: 3,
  gates: 3,
  analysis: 3,
  monitoring: 3,
  rollout: 4,
  serving: 5,
  api: 5,
  runtimes: 6,
  app: 7,
  cli: 8,
};
/** The only imports allowed between folders of the same layer (importer → imported). */
const SAME_LAYER_ALLOWED = {
  registry: ['audit'],
  gates: ['registry'],
  analysis: ['registry'],
  monitoring: ['registry', 'analysis', 'audit'],
};
const FOLDERS = Object.keys(LAYERS);

/** Third-party packages and the only folders (or sub-folders) of src/ that may import them. */
const OWNERSHIP = [
  {
    regex: '^(?:kysely|pg|better-sqlite3)(?:/|$)',
    owners: ['store'],
    message: 'Database drivers (kysely, pg, better-sqlite3) belong to src/store: use the Store exported by store/index.ts.',
  },
  {
    regex: '^onnxruntime-node(?:/|$)',
    owners: ['engine/onnx'],
    message: 'Only src/engine/onnx loads ONNX Runtime: use what engine/index.ts exports.',
  },
  {
    regex: '^@kubernetes/client-node(?:/|$)',
    owners: ['runtimes'],
    message: 'Only src/runtimes talks to Kubernetes (@kubernetes/client-node).',
  },
  {
    regex: '^(?:fastify(?:/|$)|@fastify/)',
    owners: ['serving', 'api', 'app'],
    message: 'Only src/serving, src/api and src/app use Fastify (fastify, @fastify/*).',
  },
  {
    regex: '^prom-client(?:/|$)',
    owners: ['serving', 'analysis'],
    message: 'Only src/serving and src/analysis own Prometheus metrics (prom-client).',
  },
  {
    regex: '^(?:commander|cli-table3)(?:/|$)',
    owners: ['cli'],
    message: 'Only src/cli parses arguments and prints tables (commander, cli-table3).',
  },
  {
    regex: '^(?:typebox|@sinclair/typebox)(?:/|$)',
    owners: ['contract', 'api', 'serving'],
    message:
      'Schemas live in src/contract: import them (and checkValue) from contract/index.ts. Only src/api and src/serving use TypeBox directly (Fastify type provider).',
  },
];

/** Folders that must run in a browser too: no node builtins (and, for core, no package at all). */
const BROWSER_SAFE = ['core', 'contract', 'stats'];

const TS = ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'];
const TESTS = ['test/**', '**/*.test.*'];
const ROOT = import.meta.dirname;

// ---------------------------------------------------------------------------------------------------------
// Rules 1 and 2: import-x/no-restricted-paths zones (on resolved paths, so `../x/../y` tricks don't help).

const layerName = (/** @type {string} */ f) => `src/${f} (L${LAYERS[/** @type {keyof typeof LAYERS} */ (f)]})`;

/** Rule 1: for every pair of folders, forbid importing a higher layer or an unlisted same-layer sibling. */
const directionZones = FOLDERS.flatMap((from) =>
  FOLDERS.filter((to) => to !== from)
    .map((to) => {
      const a = LAYERS[/** @type {keyof typeof LAYERS} */ (from)];
      const b = LAYERS[/** @type {keyof typeof LAYERS} */ (to)];
      /** @type {readonly string[]} */
      const allowed = SAME_LAYER_ALLOWED[/** @type {keyof typeof SAME_LAYER_ALLOWED} */ (from)] ?? [];
      if (b < a || (b === a && allowed.includes(to))) return null;
      const why = b > a ? 'a folder imports only from lower layers' : 'folders of the same layer stay independent';
      return {
        target: `src/${from}`,
        from: `src/${to}`,
        message: `Layering (rule 1): ${layerName(from)} must not import ${layerName(to)} — ${why}. Move the shared code down a layer or invert the dependency (see LAYERS in eslint.config.js).`,
      };
    })
    .filter((z) => z !== null),
);

/** Nothing inside a folder of src/ imports the package entry (src/index.ts); it re-exports the folders. */
const rootEntryZone = {
  target: 'src/*/**',
  from: 'src/*.*',
  message: 'src/*.ts files are the package entry points: folders of src/ must not import them (cycle).',
};

/** Rule 2: from anywhere else in src/, folder X is reachable only through src/X/index.ts. */
const publicEntryZones = FOLDERS.map((x) => ({
  target: [...FOLDERS.filter((f) => f !== x).map((f) => `src/${f}`), 'src/*.*'],
  from: `src/${x}`,
  except: ['./index.ts'],
  message: `Public entry (rule 2): import src/${x} only through src/${x}/index.ts — export what you need from there instead of reaching into its files.`,
}));

// ---------------------------------------------------------------------------------------------------------
// Rules 3 and 4 and 7: no-restricted-imports / -syntax / -properties / -globals. Flat config does not merge a
// rule's options across blocks, so each scope below gets its complete option lists from restrictionsFor().

const escapeRe = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const builtinNames = [...new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.split('/')[0]))];
const BUILTIN_RE = `^(?:node:|(?:${builtinNames.map(escapeRe).join('|')})(?:/|$))`;
/** esquery regexes end at the first `/`, so spell slashes as \x2F inside selectors. */
const forSelector = (/** @type {string} */ re) => re.replaceAll('/', '\\x2F');

const CLOCK = 'inject a Clock (core/clock.ts) instead; only src/app builds the real one';
const ONLY_APP = 'Only src/app touches the process (rule 4)';

/** Rule 7, everywhere. */
const NO_ONLY_PROPERTIES = ['describe', 'it', 'test', 'suite'].map((object) => ({
  object,
  property: 'only',
  message: 'Remove `.only` before committing: it silently skips every other test (rule 7).',
}));
const NO_ONLY_SYNTAX = [
  {
    // test.concurrent.only, describe.skipIf(x).only, …
    selector:
      "MemberExpression[property.name='only']:matches([object.object.name=/^(describe|it|test|suite)$/], [object.callee.object.name=/^(describe|it|test|suite)$/])",
    message: 'Remove `.only` before committing: it silently skips every other test (rule 7).',
  },
];

/**
 * Every restriction for one scope of files.
 * @param {{ folder?: string, ownerOf?: string, test?: boolean, app?: boolean }} scope
 *   folder: the folder of src/ (undefined for files outside src/ folders); ownerOf: the key used for
 *   OWNERSHIP (e.g. 'engine/onnx'); test: test files (exempt from 2 and 4); app: src/app (exempt from 4).
 */
function restrictionsFor({ folder, ownerOf = folder, test = false, app = false }) {
  const inSrc = ownerOf !== undefined;
  const clockRules = !test && !app && (inSrc || folder === '');
  /** @type {any[]} */
  const patterns = [];
  /** @type {any[]} */
  const paths = [];
  /** @type {any[]} */
  const syntax = [...NO_ONLY_SYNTAX];
  /** @type {any[]} */
  const properties = [...NO_ONLY_PROPERTIES];
  /** @type {any[]} */
  const globals = [];

  // Rule 3: package ownership (src/ only; test/, scripts/ and bench/ may use any package).
  if (inSrc) {
    for (const { regex, owners, message } of OWNERSHIP) {
      if (owners.includes(/** @type {string} */ (ownerOf))) continue;
      patterns.push({ regex, message: `Package ownership (rule 3): ${message}` });
      syntax.push({ selector: `ImportExpression[source.value=/${forSelector(regex)}/]`, message: `Package ownership (rule 3): ${message}` });
    }
  }
  // Browser safety binds the product code; the colocated tests run in Node and may use vitest and node:fs.
  if (!test && folder === 'core') {
    const message = 'src/core imports nothing outside itself: no npm package and no node builtin (rule 3, browser-safe).';
    patterns.push({ regex: '^[^./]', message });
    syntax.push({ selector: `ImportExpression[source.value=/^[^.\\x2F]/]`, message });
  } else if (!test && folder && BROWSER_SAFE.includes(folder)) {
    const message = `src/${folder} must stay browser-safe: no node:* module or node builtin (rule 3). Take what you need as a parameter.`;
    patterns.push({ regex: BUILTIN_RE, message });
    syntax.push({ selector: `ImportExpression[source.value=/${forSelector(BUILTIN_RE)}/]`, message });
  }
  if (!test && folder && BROWSER_SAFE.includes(folder)) {
    for (const name of ['process', 'Buffer', 'global', 'require', '__dirname', '__filename']) {
      globals.push({ name, message: `src/${folder} must stay browser-safe: \`${name}\` is a Node global (rule 3).` });
    }
  }

  // Private files: `_x.ts` is imported only from its own directory (or below it), never via a path into it.
  if (inSrc && !test) {
    patterns.push({
      regex: '^(?!(?:\\.\\.?/)+_[^/]*$)\\.\\.?/(?:.*/)?_[^/]*$',
      message: 'Files named `_*` are private to their directory (rule 2): import them only as ./_name.js from beside them.',
    });
  }

  // Rule 4: the process and the wall clock belong to src/app.
  if (clockRules) {
    properties.push(
      { object: 'process', property: 'env', message: `${ONLY_APP}: read the environment in src/app and pass the values in as options.` },
      ...['on', 'once', 'addListener', 'prependListener', 'prependOnceListener'].map((property) => ({
        object: 'process',
        property,
        message: `${ONLY_APP}: process signal/exit handlers are installed by src/app only.`,
      })),
      { object: 'Date', property: 'now', message: `Date.now() reads the wall clock (rule 4): ${CLOCK}.` },
      { object: 'Math', property: 'random', message: 'Math.random() is not replayable (rule 4): inject a Random (core/random.ts) instead; only src/app builds the real one.' },
      ...['setTimeout', 'setInterval', 'setImmediate'].map((property) => ({
        object: 'globalThis',
        property,
        message: `Timers are not controllable in tests (rule 4): ${CLOCK}.`,
      })),
    );
    for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) {
      globals.push({ name, message: `Global ${name}() is not controllable in tests (rule 4): ${CLOCK}.` });
    }
    syntax.push(
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: `new Date() reads the wall clock (rule 4): ${CLOCK} (new Date(ms) is fine).` },
      { selector: "CallExpression[callee.name='Date']", message: `Date() reads the wall clock (rule 4): ${CLOCK}.` },
    );
    for (const name of ['timers', 'timers/promises', 'node:timers', 'node:timers/promises']) {
      paths.push({ name, message: `Timers are not controllable in tests (rule 4): ${CLOCK}.` });
    }
    for (const name of ['process', 'node:process']) {
      paths.push({ name, importNames: ['env', 'on', 'once'], message: `${ONLY_APP}: read the environment and install handlers in src/app only.` });
    }
  }

  return {
    'no-restricted-imports': patterns.length + paths.length > 0 ? ['error', { paths, patterns }] : 'off',
    'no-restricted-syntax': ['error', ...syntax],
    'no-restricted-properties': ['error', ...properties],
    'no-restricted-globals': globals.length > 0 ? ['error', ...globals] : 'off',
  };
}

/** One config block per scope; scopes are disjoint so no block overrides another's options. */
function scopeBlocks() {
  const blocks = [];
  const srcFolder = (/** @type {string} */ f) => [`src/${f}/**`];
  for (const folder of FOLDERS) {
    const sub = folder === 'engine' ? ['src/engine/onnx/**'] : [];
    const app = folder === 'app';
    blocks.push(
      { name: `modelpilot/src/${folder}`, files: srcFolder(folder), ignores: [...TESTS, ...sub], rules: restrictionsFor({ folder, app }) },
      { name: `modelpilot/src/${folder}/tests`, files: srcFolder(folder).map((g) => `${g}/*.test.*`), ignores: sub, rules: restrictionsFor({ folder, app, test: true }) },
    );
  }
  blocks.push(
    { name: 'modelpilot/src/engine/onnx', files: ['src/engine/onnx/**'], ignores: TESTS, rules: restrictionsFor({ folder: 'engine', ownerOf: 'engine/onnx' }) },
    { name: 'modelpilot/src/engine/onnx/tests', files: ['src/engine/onnx/**/*.test.*'], rules: restrictionsFor({ folder: 'engine', ownerOf: 'engine/onnx', test: true }) },
    { name: 'modelpilot/src/root', files: ['src/*.*'], ignores: TESTS, rules: restrictionsFor({ folder: '', ownerOf: '' }) },
    { name: 'modelpilot/src/root/tests', files: ['src/*.test.*'], rules: restrictionsFor({ folder: '', ownerOf: '', test: true }) },
    { name: 'modelpilot/outside-src', files: ['**/*'], ignores: ['src/**'], rules: restrictionsFor({ test: true }) },
  );
  return blocks;
}

const knownFolders = FOLDERS.map((f) => `src/${f}/**`);

export default defineConfig(
  // Rule 6: what is not linted. Tool configs (*.config.*) are skipped, except this file.
  {
    name: 'modelpilot/ignores',
    ignores: ['**/dist/**', '**/node_modules/**', 'ui/dist/**', '**/coverage/**', 'test/fixtures/**', '.modelpilot/**', '**/*.config.*', '!eslint.config.js'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  js.configs.recommended,

  // Rule 5: TypeScript.
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: TS })),
  {
    name: 'modelpilot/typescript',
    files: TS,
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    name: 'modelpilot/typescript/type-aware',
    files: ['src/**/*.ts', 'test/**/*.ts'],
    // A .d.ts beside its .ts (stray tsc output) is in no tsconfig program; lint it without type information.
    ignores: ['**/*.d.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: ROOT } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },

  // Plain JS: bench/ and scripts/ (*.mjs) and this file run on Node.
  {
    name: 'modelpilot/node-js',
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: NODE_GLOBALS() },
  },

  // Rules 1 and 2 (and cycles) on src/.
  {
    name: 'modelpilot/architecture',
    files: ['src/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts', '.cts'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.node'],
          extensionAlias: { '.js': ['.ts', '.tsx', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs'] },
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...directionZones, rootEntryZone, ...publicEntryZones] }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // An import the resolver cannot follow escapes the two rules above, so relative ones must resolve.
      'import-x/no-unresolved': ['error', { ignore: ['^[^.]'] }],
    },
  },
  {
    // Tests beside the code keep the layering but may reach into a folder's files (exempt from rule 2).
    name: 'modelpilot/architecture/tests',
    files: ['src/**/*.test.*'],
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...directionZones, rootEntryZone] }],
    },
  },
  {
    // A folder that is not in LAYERS would escape every rule above.
    name: 'modelpilot/unknown-folder',
    files: ['src/*/**'],
    ignores: knownFolders,
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'Program', message: 'This folder of src/ has no layer: add it to LAYERS in eslint.config.js (and to docs) before putting code in it.' },
      ],
    },
  },

  // Rules 3, 4 and 7, per scope.
  ...scopeBlocks(),
);

/** Node's globals for plain JS files (kept here so lint needs no extra package). */
function NODE_GLOBALS() {
  const names = [
    'AbortController', 'AbortSignal', 'Blob', 'Buffer', 'BroadcastChannel', 'ByteLengthQueuingStrategy', 'CompressionStream',
    'CountQueuingStrategy', 'Crypto', 'CryptoKey', 'CustomEvent', 'DecompressionStream', 'DOMException', 'Event', 'EventTarget',
    'File', 'FormData', 'Headers', 'MessageChannel', 'MessageEvent', 'MessagePort', 'Performance', 'ReadableStream',
    'Request', 'Response', 'SubtleCrypto', 'TextDecoder', 'TextDecoderStream', 'TextEncoder', 'TextEncoderStream',
    'TransformStream', 'URL', 'URLSearchParams', 'WebAssembly', 'WritableStream', '__dirname', '__filename', 'atob', 'btoa',
    'clearImmediate', 'clearInterval', 'clearTimeout', 'console', 'crypto', 'exports', 'fetch', 'global', 'module',
    'performance', 'process', 'queueMicrotask', 'require', 'setImmediate', 'setInterval', 'setTimeout', 'structuredClone',
  ];
  return Object.fromEntries(names.map((n) => [n, /** @type {const} */ ('readonly')]));
}
