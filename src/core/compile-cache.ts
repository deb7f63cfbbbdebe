import * as nodeModule from 'node:module';

/**
 * Node's on-disk cache of compiled JavaScript (V8 code cache, Node 22.1+), on for every module loaded after this
 * one: each entry point (the API, `hf worker`, the job threads, the `hf` CLI) imports it first. Parsing and
 * compiling the ~2,400 modules of the application is most of a process's start; with the cache a second start
 * reads them compiled (docs/operations.md, "Start-up").
 *
 * Where: NODE_COMPILE_CACHE when set, else `<os tmpdir>/node-compile-cache`; NODE_DISABLE_COMPILE_CACHE=1 turns it
 * off. Entries are keyed by file content and Node version, so a rebuilt or upgraded install never reads stale code.
 * A cache that cannot be written (a read-only tmpdir) only costs the speed-up: Node carries on without it.
 */
const { enableCompileCache } = nodeModule as typeof nodeModule & { enableCompileCache?: (cacheDir?: string) => unknown };
enableCompileCache?.();
