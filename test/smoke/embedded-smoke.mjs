// Boots the built server with no DATABASE_URL in a fresh DATA_DIR and checks what a new user sees: it serves
// (its "Serving on" line) and /health then answers 200 with the embedded database up, a second process on the same
// DATA_DIR fails with a clear message, so does one on a port in use, a wrong value (in the environment or in a .env file) stops the boot with a
// line naming the variable, and SIGTERM shuts down cleanly (exit code 0, lock released).
// The waits are for events (a log line, an exit), not a time budget: a first boot takes a few seconds on an idle
// machine and has taken 21 s on a busy one. The boot time is printed; HANG_GUARD_MS only stops a process that hangs.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const HANG_GUARD_MS = 300_000;
const MAIN = resolve('dist/main.js');

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

const children = [];

function start(env, cwd = process.cwd()) {
  const child = spawn(process.execPath, [MAIN], { cwd, env: { ...process.env, DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const watchers = [];
  const onData = (chunk) => {
    output += chunk;
    for (const watcher of [...watchers]) if (watcher.pattern.test(output)) watchers.splice(watchers.indexOf(watcher), 1) && watcher.resolve(true);
  };
  children.push(child);
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  /** Resolves true once the output matches, false if the process exits first. */
  const waitFor = (pattern) => (pattern.test(output) ? Promise.resolve(true) : Promise.race([new Promise((resolve) => watchers.push({ pattern, resolve })), exited.then(() => pattern.test(output))]));
  return { child, exited, waitFor, output: () => output };
}

/** The promise's value, or `fallback` if it takes longer than HANG_GUARD_MS (a hung process, not a slow one). */
function guarded(promise, fallback) {
  let timer;
  const guard = new Promise((resolve) => (timer = setTimeout(() => resolve(fallback), HANG_GUARD_MS)));
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

function fail(message, output = '') {
  console.error(`SMOKE FAILED: ${message}\n${output}`);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  process.exit(1);
}

const dataDir = mkdtempSync(join(tmpdir(), 'hf-smoke-'));
const port = await freePort();
const started = Date.now();
const server = start({ DATA_DIR: dataDir, PORT: String(port), HOST: 'localhost', LOG_LEVEL: 'info' });
if (!(await guarded(server.waitFor(/Serving on http:\/\/localhost:\d+/), 'hang'))) fail('the server exited before it served', server.output());
if (server.child.exitCode !== null || !/Serving on/.test(server.output())) {
  server.child.kill('SIGKILL');
  fail(`the server did not serve within ${HANG_GUARD_MS} ms`, server.output());
}
const health = await fetch(`http://localhost:${port}/health`);
const body = await health.json();
if (health.status !== 200 || body.database?.status !== 'up' || body.database?.kind !== 'embedded') fail(`unexpected health ${health.status} ${JSON.stringify(body)}`, server.output());
console.log(`embedded server healthy after ${Date.now() - started} ms`);

const second = start({ DATA_DIR: dataDir, PORT: String(await freePort()), LOG_LEVEL: 'warn' });
const secondExit = await guarded(second.exited, { code: 'hang' });
if (secondExit.code === 0 || !/in use by another process/.test(second.output())) fail('a second process on the same DATA_DIR did not fail clearly', second.output());
console.log('second process refused: ' + second.output().trim().split('\n').pop());

const portTakenDir = mkdtempSync(join(tmpdir(), 'hf-smoke-'));
const portTaken = start({ DATA_DIR: portTakenDir, PORT: String(port), HOST: 'localhost', LOG_LEVEL: 'warn' });
const portTakenExit = await guarded(portTaken.exited, { code: 'hang' });
rmSync(portTakenDir, { recursive: true, force: true });
// The structured log may record the error too (a JSON line); the one human line is the only other one, no stack.
const portTakenLines = portTaken.output().trim().split('\n').filter((line) => !line.startsWith('{'));
if (portTakenExit.code === 0 || portTakenLines.length !== 1 || !/^Invalid configuration: PORT \d+ is already in use on localhost; /.test(portTakenLines[0])) {
  fail('a port in use did not stop the boot with the one line naming PORT', portTaken.output());
}
console.log('port in use refused: ' + portTakenLines[0]);

const misconfigured = start({ DATA_DIR: dataDir, PORT: 'eighty' });
const misconfiguredExit = await guarded(misconfigured.exited, { code: 'hang' });
if (misconfiguredExit.code === 0 || misconfigured.output().trim() !== 'Invalid configuration: PORT must be an integer, got "eighty"') {
  fail('a wrong PORT did not stop the boot with the one line naming it', misconfigured.output());
}
console.log('bad configuration refused: ' + misconfigured.output().trim());

// The same through a .env file in the working directory (read through @nestjs/config); the environment has no PORT.
const envDir = mkdtempSync(join(tmpdir(), 'hf-smoke-env-'));
writeFileSync(join(envDir, '.env'), 'PORT=eighty\n');
const fromFile = start({ DATA_DIR: dataDir, PORT: undefined }, envDir);
const fromFileExit = await guarded(fromFile.exited, { code: 'hang' });
if (fromFileExit.code === 0 || fromFile.output().trim() !== 'Invalid configuration: PORT must be an integer, got "eighty"') {
  fail('a wrong PORT in .env did not stop the boot with the one line naming it', fromFile.output());
}
console.log('bad configuration in .env refused: ' + fromFile.output().trim());
rmSync(envDir, { recursive: true, force: true });

server.child.kill('SIGTERM');
const exit = await guarded(server.exited, { code: 'hang' });
if (exit.code !== 0) fail(`SIGTERM did not shut down cleanly: ${JSON.stringify(exit)}`, server.output());
if (existsSync(join(dataDir, 'pglite.lock'))) fail('the lock file was left behind', server.output());
console.log('SIGTERM: clean exit, lock released');
rmSync(dataDir, { recursive: true, force: true });
console.log('embedded smoke: all checks passed');
