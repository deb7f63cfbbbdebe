#!/usr/bin/env node
'use strict';
// hf: the command line of the hedge-fund backend (`hf --help`; `npm run <command> -- …` calls it too).
// It runs the compiled commands in dist/ directly. Only when dist/ is missing or older than the sources does it
// build first, once: the check compares the newest modification time under src/ (files and folders, so a
// deleted file counts) and of the tsconfig files with the time of the last build (dist/.build-stamp, or
// dist/.tsbuildinfo that `npm run build` writes). Without src/ (the Docker image) it runs dist/ as it is.
const { existsSync, readdirSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');

/** The newest modification time (ms) of `dir`, its folders and its .ts files; 0 when it does not exist. */
function newestSourceTime(dir) {
  let newest = 0;
  let entries;
  try {
    newest = statSync(dir).mtimeMs;
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Whether `root`'s dist/ must be built before a command runs: 'missing' (no dist/cli/hf.js), 'stale' (a source
 * is newer than the last build), 'fresh', or 'no-sources' (no src/: run dist/ as it is).
 */
function distState(root) {
  const entry = join(root, 'dist', 'cli', 'hf.js');
  if (!existsSync(join(root, 'src'))) return existsSync(entry) ? 'no-sources' : 'missing';
  if (!existsSync(entry)) return 'missing';
  const built = Math.max(mtime(join(root, 'dist', '.build-stamp')), mtime(join(root, 'dist', '.tsbuildinfo')));
  const sources = Math.max(newestSourceTime(join(root, 'src')), mtime(join(root, 'tsconfig.json')), mtime(join(root, 'tsconfig.build.json')));
  return sources > built ? 'stale' : 'fresh';
}

/** Builds dist/ with the project's TypeScript (its output on stderr, so stdout stays the command's); returns the exit status. */
function build(root, reason) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  } catch {
    process.stderr.write(`hf: dist/ is ${reason} and TypeScript is not installed (npm ci installs it)\n`);
    return 1;
  }
  process.stderr.write(`hf: dist/ is ${reason}; building it once (npm run build)…\n`);
  const started = new Date();
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    // tsc has emitted what it could and written dist/.tsbuildinfo: mark the build as old, so that the next
    // command builds (and reports the errors) again instead of running a half-right dist/.
    for (const file of ['.build-stamp', '.tsbuildinfo']) {
      try {
        utimesSync(join(root, 'dist', file), 0, 0);
      } catch {
        // not written
      }
    }
    process.stderr.write('hf: the build failed (see above); fix the errors and run the command again\n');
    return 1;
  }
  // The stamp carries the build's start: a source saved during the build is newer, and triggers the next one.
  const stamp = join(root, 'dist', '.build-stamp');
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
  return 0;
}

/**
 * Builds `root`'s dist/ once when it is missing or stale (see distState), else does nothing; returns the exit
 * status, 0 when dist/ is ready. `npm start` calls it too, so that the server starts without a needless build.
 */
function ensureBuilt(root) {
  const state = distState(root);
  if (state !== 'missing' && state !== 'stale') return 0;
  return build(root, state === 'missing' ? 'missing' : 'older than src/');
}

function run() {
  const status = ensureBuilt(ROOT);
  if (status !== 0) {
    process.exitCode = status;
    return;
  }
  require(join(ROOT, 'dist', 'cli', 'hf.js')).main(process.argv.slice(2));
}

module.exports = { distState, ensureBuilt, newestSourceTime };

if (require.main === module) run();
