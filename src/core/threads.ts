import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on the module `entry` of the folder `dir` (a name without extension, e.g. `job-thread`):
 * its compiled `.js`, or, when this code runs from the TypeScript sources (the test suite), its `.ts` through the
 * swc require hook beside this file (register-ts.cjs).
 */
export function startThread(dir: string, entry: string, options: WorkerOptions): Worker {
  if (__filename.endsWith('.ts')) {
    const hook = JSON.stringify(join(__dirname, 'register-ts.cjs'));
    const file = JSON.stringify(join(dir, `${entry}.ts`));
    return new Worker(`require(${hook}); require(${file});`, { ...options, eval: true });
  }
  return new Worker(join(dir, `${entry}.js`), options);
}
