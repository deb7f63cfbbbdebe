import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { USER_CACHE_DIR } from '../config/cache-home';

/**
 * Node's on-disk cache of compiled JavaScript (V8 code cache, Node 22.1+), on for every module loaded after this
 * one: each entry point (the API, `hf worker`, the job threads, the embedded database's thread, the `hf` CLI)
 * imports it first. Parsing and compiling the application's modules is a large part of a process's start; with
 * the cache a second start reads them compiled (docs/operations.md, "Start-up").
 *
 * Where: `~/.cache/hedge-fund-backend/node-compile-cache` (beside the embedded database's templates, in the user's
 * own folder rather than a shared temporary one), or NODE_COMPILE_CACHE when set (Node turns the cache on there
 * itself before this runs); NODE_DISABLE_COMPILE_CACHE=1 turns it off. Entries are keyed by file content and Node
 * version, so a rebuilt or upgraded install never reads stale code. A folder that cannot be written only costs the
 * speed-up: Node carries on without the cache.
 */
const { enableCompileCache } = nodeModule as typeof nodeModule & { enableCompileCache?: (cacheDir?: string) => unknown };
enableCompileCache?.(join(USER_CACHE_DIR, 'node-compile-cache'));
