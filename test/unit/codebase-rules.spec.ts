// Rules of the codebase (issue 17, "one house") that a reading of the sources can check.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Every .ts file under `dir` (specs excluded), as paths relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('codebase rules', () => {
  it('the mappers build their DTOs without casts (no `as unknown as`, no `as never`)', () => {
    const mappers = sources('src').filter((file) => file.endsWith('.mapper.ts'));
    expect(mappers.length).toBeGreaterThan(5);
    const casts = mappers.flatMap((file) => read(file).split('\n').flatMap((line, i) => (/\bas unknown as\b|\bas never\b/.test(line) ? [`${file}:${i + 1}`] : [])));
    expect(casts).toEqual([]);
  });

  it('a migration is one class whose code is all its own (the embedded template is keyed by the classes\' text: migrationsKey)', () => {
    const migrations = sources('src/core/database/migrations').filter((file) => /\/\d{13}-[^/]+\.ts$/.test(file));
    expect(migrations.length).toBeGreaterThanOrEqual(7);
    // At the top level: imports from typeorm, the exported class, comments and closing braces; no constant or
    // helper (or import of one) that the key would not see.
    const outside = migrations.flatMap((file) =>
      read(file)
        .split('\n')
        .flatMap((line, i) => (/^(import (type )?\{[^}]*\} from 'typeorm';|export class \w+ implements MigrationInterface \{|\}|\/\*\*| \*|\/\/|\s|$)/.test(line) ? [] : [`${file}:${i + 1}: ${line}`])),
    );
    expect(outside).toEqual([]);
  });

  it('every hf command reads its configuration through loadConfigFromProcess (so .env applies), never loadConfig on its own', () => {
    const cli = sources('src/cli');
    const direct = cli.filter((file) => /\bloadConfig\(/.test(read(file)));
    expect(direct).toEqual([]);
    expect(cli.filter((file) => /\bloadConfigFromProcess\(/.test(read(file))).length).toBeGreaterThan(5);
  });
});
