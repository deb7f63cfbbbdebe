// Lets a worker thread (a job thread, the embedded database thread) started from the TypeScript sources (the test suite) require .ts files, compiled
// by @swc/core (a dev dependency) with the options Jest uses (swc.options.cjs at the root), and cached on disk
// by content and options so threads after the first boot quickly. The built server never loads this file.
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { threadId } = require('node:worker_threads');
const { transformSync, version } = require('@swc/core');

const options = { ...require('../../swc.options.cjs').typescript, sourceMaps: 'inline' };
const cacheDir = join(tmpdir(), `hf-jobs-thread-swc-${version}`);
mkdirSync(cacheDir, { recursive: true });

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const cached = join(cacheDir, `${createHash('sha256').update(JSON.stringify(options)).update('\0').update(filename).update('\0').update(source).digest('hex')}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transformSync(source, { ...options, filename }).code;
    // Threads of one process compile side by side: each writes its own temporary file, then renames it.
    const partial = `${cached}.${process.pid}-${threadId}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, cached);
  }
  module._compile(code, filename);
};
