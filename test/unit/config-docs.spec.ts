import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';

/** Every variable name loadConfig asks for, recorded by an environment that has none set. */
function variablesTheConfigReads(): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_target, name) {
      if (typeof name === 'string') read.add(name);
      return undefined;
    },
    has(_target, name) {
      if (typeof name === 'string') read.add(name);
      return false;
    },
  });
  loadConfig(env);
  return read;
}

/** The README's configuration section: the lines of its table (contiguous) and the lines after it. */
function readmeConfigSection(): { table: string[]; rest: string[] } {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8').split('\n');
  const start = readme.indexOf('## Configuration');
  const end = readme.findIndex((line, i) => i > start && line.startsWith('## '));
  const section = readme.slice(start + 1, end);
  const header = section.findIndex((line) => line.startsWith('| variable |'));
  let last = header;
  while (last + 1 < section.length && section[last + 1].startsWith('|')) last += 1;
  return { table: section.slice(header, last + 1), rest: section.slice(last + 1) };
}

describe('README configuration table', () => {
  const { table, rest } = readmeConfigSection();
  const documented = table.slice(2).map((row) => /^\| `([A-Z][A-Z0-9_]*)` \|/.exec(row)?.[1]);

  it('is one table: a header, its separator, then one row per variable, with no blank line splitting it', () => {
    expect(table[0]).toBe('| variable | default | meaning |');
    expect(table[1]).toBe('|---|---|---|');
    expect(documented).not.toContain(undefined);
    expect(rest.filter((line) => line.startsWith('|'))).toEqual([]);
    // Three cells per row: four unescaped pipes.
    for (const row of table.slice(2)) expect([row, row.match(/(?<!\\)\|/g)?.length]).toEqual([row, 4]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('lists every variable the configuration reads', () => {
    const read = [...variablesTheConfigReads()].sort();
    expect(read.length).toBeGreaterThan(40);
    expect(read.filter((name) => !documented.includes(name))).toEqual([]);
  });

  it('lists nothing the server does not read (provider keys too: the configuration reads each by name)', () => {
    const read = variablesTheConfigReads();
    expect(documented.filter((name) => !read.has(name as string))).toEqual([]);
  });
});
