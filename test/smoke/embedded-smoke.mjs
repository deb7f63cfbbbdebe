// Boots the built server with no DATABASE_URL in a fresh DATA_DIR and checks what a new user sees:
// /health is 200 within 10 s, a second process on the same DATA_DIR fails with a clear message, and
// SIGTERM shuts down cleanly (exit code 0, lock released).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BOOT_BUDGET_MS = 10_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(env) {
  const child = spawn(process.execPath, ['dist/main.js'], { env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

function fail(message, output = '') {
  console.error(`SMOKE FAILED: ${message}\n${output}`);
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'hf-smoke-'));
const port = await freePort();
const started = Date.now();
const server = start({ DATA_DIR: dataDir, PORT: String(port), HOST: 'localhost', LOG_LEVEL: 'warn' });
let healthy = false;
while (Date.now() - started < BOOT_BUDGET_MS) {
  try {
    const res = await fetch(`http://localhost:${port}/health`);
    if (res.status === 200) {
      const body = await res.json();
      if (body.database?.status !== 'up' || body.database?.kind !== 'embedded') fail(`unexpected health body ${JSON.stringify(body)}`, server.output());
      healthy = true;
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
if (!healthy) {
  server.child.kill('SIGKILL');
  fail(`/health was not 200 within ${BOOT_BUDGET_MS} ms`, server.output());
}
console.log(`embedded server healthy after ${Date.now() - started} ms`);

const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
const secondExit = await second.exited;
if (secondExit.code === 0 || !/in use by another process/.test(second.output())) fail('a second process on the same DATA_DIR did not fail clearly', second.output());
console.log('second process refused: ' + second.output().trim().split('\n').pop());

const misconfigured = start({ DATA_DIR: dataDir, PORT: 'eighty' });
const misconfiguredExit = await misconfigured.exited;
if (misconfiguredExit.code === 0 || !/Invalid configuration: PORT must be an integer/.test(misconfigured.output())) {
  fail('a wrong PORT did not stop the boot with a message naming it', misconfigured.output());
}
console.log('bad configuration refused: ' + misconfigured.output().trim().split('\n').pop());

server.child.kill('SIGTERM');
const exit = await Promise.race([server.exited, new Promise((r) => setTimeout(() => r({ code: 'timeout' }), 15_000))]);
if (exit.code !== 0) fail(`SIGTERM did not shut down cleanly: ${JSON.stringify(exit)}`, server.output());
if (existsSync(join(dataDir, 'pglite.lock'))) fail('the lock file was left behind', server.output());
console.log('SIGTERM: clean exit, lock released');
rmSync(dataDir, { recursive: true, force: true });
console.log('embedded smoke: all checks passed');
