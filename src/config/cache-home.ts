import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The user's cache folder of the backend, `~/.cache/hedge-fund-backend`: the embedded database's templates
 * (PGLITE_TEMPLATE_DIR's default) and Node's compile cache (core/compile-cache.ts) live under it. A module of its
 * own, with no other import, because the compile cache is turned on before anything else loads.
 */
export const USER_CACHE_DIR = join(homedir(), '.cache', 'hedge-fund-backend');
