import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, from the nearest package.json above this file (dist/, dist-bench/ or src/). */
function readVersion(): string {
  for (const up of [['..', '..'], ['..', '..', '..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(__dirname, ...up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hedge-fund-backend' && pkg.version !== undefined) return pkg.version;
    } catch {
      // not at this level
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
