// The `hf` command line: one program, every subcommand with --help, lazy loading of the subcommands, and the
// launcher's dist/ freshness check (bin/hf.js).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { APP_VERSION } from '../../src/config/version';
import { HF_COMMANDS, runHf } from '../../src/cli/hf';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const launcher = require('../../bin/hf.js') as { distState(root: string): 'missing' | 'stale' | 'fresh' | 'no-sources'; ensureBuilt(root: string): number };

/**
 * The modules `file` loads when it is required: static `import`/`export … from` (not `import type`), followed
 * through relative .ts files; packages are listed by name and not followed.
 */
function staticImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  // (`[^;']` keeps a side-effect import, `import './x';`, from running on into the next statement's `from`.)
  const specifiers = [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;']*?\sfrom\s+)?'([^']+)';/gm)].map((m) => m[1]);
  for (const spec of specifiers) {
    if (!spec.startsWith('.')) {
      seen.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      continue;
    }
    const base = resolve(dirname(file), spec);
    const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => {
      try {
        readFileSync(candidate);
        return true;
      } catch {
        return false;
      }
    });
    if (target !== undefined) staticImports(target, seen);
  }
  return seen;
}

describe('hf (the one CLI)', () => {
  let out: string[];
  let err: string[];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  beforeEach(() => {
    out = [];
    err = [];
  });

  it('hf --help lists every command with its summary and exits 0', async () => {
    expect(await runHf(['--help'], io)).toBe(0);
    const help = out.join('\n');
    expect(help).toMatch(/^Usage: hf \[options\] \[command\]/);
    for (const name of ['backtest', 'hedge-fund', 'futures', 'metrics', 'secrets', 'migrate', 'worker']) expect(help).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(HF_COMMANDS.map((c) => c.name)).toEqual(['backtest', 'hedge-fund', 'futures', 'metrics', 'secrets', 'migrate', 'worker', 'futures-examples']);
  });

  it.each([
    [['backtest', '--help'], 'Usage: hf backtest [options]', ['--tickers <list>', '--benchmark <ticker>', '--html <FILE>', '--out <DIR>']],
    [['hedge-fund', '--help'], 'Usage: hf hedge-fund [options]', ['--tickers <list>', '--agents <keys>', '--model <name>', '--show-reasoning']],
    [['futures', '--help'], 'Usage: hf futures [options]', ['--csv <FILE>', '--account <SIZE>']],
    [['metrics', '--help'], 'Usage: hf metrics [options] <equity.csv> [trades.csv]', ['--json']],
    [['secrets', '--help'], 'Usage: hf secrets [options] [command]', ['rotate']],
    [['secrets', 'rotate', '--help'], 'Usage: hf secrets rotate [options]', ['--write-key-file', 'NEW_SECRETS_KEY']],
    [['migrate', '--help'], 'Usage: hf migrate [options] [command]', ['run', 'revert', 'show']],
    [['migrate', 'run', '--help'], 'Usage: hf migrate run [options]', ['apply every pending migration']],
    [['worker', '--help'], 'Usage: hf worker [options]', ['REDIS_URL']],
    [['futures-examples', '--help'], 'Usage: hf futures-examples [options]', ['examples/futures']],
    [['help', 'futures'], 'Usage: hf futures [options]', ['--csv <FILE>']],
  ])('hf %j shows the help and exits 0', async (argv, usage, mentions) => {
    expect(await runHf(argv, io)).toBe(0);
    expect(out[0]).toBe(usage);
    for (const text of mentions) expect(out.join('\n')).toContain(text);
    expect(err).toEqual([]);
  });

  it('hf --version prints the package version', async () => {
    expect(await runHf(['--version'], io)).toBe(0);
    expect(out).toEqual([APP_VERSION]);
  });

  it('an unknown command, or none, is a usage error (exit 2)', async () => {
    expect(await runHf(['backtset'], io)).toBe(2);
    expect(err[0]).toBe("error: unknown command 'backtset'");
    expect(err).toContain('(Did you mean backtest?)');
    err = [];
    expect(await runHf([], io)).toBe(2);
    expect(err[0]).toMatch(/^Usage: hf \[options\] \[command\]/);
  });

  it('a subcommand error names the subcommand (exit 2)', async () => {
    expect(await runHf(['migrate', 'sideways'], io)).toBe(2);
    expect(err[0]).toBe("error: unknown command 'sideways'");
    err = [];
    expect(await runHf(['hedge-fund', '--tickers', 'AAPL', '--margin', '3'], io)).toBe(2);
    expect(err).toEqual(['--margin must be a number between 0 and 1, got "3"']);
    err = [];
    expect(await runHf(['hedge-fund', '--tickers', 'AAPL', '--html', 'x.html'], io)).toBe(2);
    expect(err).toEqual(['--html is for hf backtest: a single run has decisions, not an equity curve']);
  });

  it('hf futures runs a backtest through the same command as npm run futures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hf-cli-'));
    try {
      const code = await runHf(['futures', '--start', '2024-01-02', '--end', '2024-01-31', '--no-progress', '--show-trades', '0', '--out', dir, '--json', 'r.json'], io);
      expect(err).toEqual([]);
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/^VERDICT: /m);
      expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toHaveProperty('verdict');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("hf hedge-fund prints each analyst's signal per ticker as a table, then the decisions", async () => {
    const code = await runHf(['hedge-fund', '--tickers', 'AAPL,MSFT', '--end', '2024-06-28', '--agents', 'technical_analyst,valuation_analyst'], io);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain('Signals for 2024-06-28 (history from 2024-03-30):');
    expect(text).toMatch(/│ analyst +│ ticker │ signal +│ mode +│ confidence │/);
    for (const analyst of ['Technical Analyst', 'Valuation Analyst']) {
      for (const ticker of ['AAPL', 'MSFT']) expect(text).toMatch(new RegExp(`│ ${analyst} +│ ${ticker} +│ (bullish|bearish|neutral) +│ rules │ +\\d+\\.\\d%`));
    }
    expect(text).toMatch(/│ ticker │ action +│ quantity │ confidence │ +price │ reasoning/);
    expect(text).toContain('LLM: 0 calls');
  });

  it('hf backtest prints the day lines and the tables (metrics, trades, P&L by ticker, benchmark) in the one style', async () => {
    const code = await runHf(['backtest', '--tickers', 'AAPL', '--start', '2024-01-02', '--end', '2024-02-29', '--agents', 'technical_analyst', '--benchmark', 'SPY'], io);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^2024-01-02 +\$[\d,]+\.\d\d +[+-]\d+\.\d\d%/m);
    expect(text).toMatch(/│ metric +│ value +│/);
    // The metrics table of `hf metrics`: labels and units, never raw keys or n/a.
    expect(text).toMatch(/│ Sharpe ratio +│ -?\d+\.\d{3} +│/);
    expect(text).toMatch(/│ Max drawdown +│ -?\d+\.\d\d % +\(money: /);
    expect(text).not.toMatch(/│ (max_drawdown|sharpe_ratio)|\bn\/a\b/);
    expect(text).toMatch(/│ ticker │ realized P&L │/);
    expect(text).toMatch(/│ benchmark SPY \(buy and hold\) +│ +value │/);
    // Every bordered line belongs to a table of the one style: box characters, no ASCII +---+ rules.
    expect(text).not.toMatch(/^\+-/m);
  });

  it('the futures CLI and hf itself import no framework: no Nest, TypeORM, LangChain or config module', () => {
    const root = resolve(__dirname, '../../src');
    const futures = staticImports(join(root, 'cli', 'futures.ts'));
    const loaded = [...futures];
    for (const heavy of ['@nestjs/common', '@nestjs/core', 'typeorm', '@langchain/core', 'nestjs-pino', 'echarts', 'cli-progress']) expect(loaded).not.toContain(heavy);
    expect(loaded).not.toContain(join(root, 'config', 'config.module.ts'));
    expect(loaded).not.toContain(join(root, 'config', 'index.ts'));
    expect(loaded).not.toContain(join(root, 'config', 'load-config.ts'));
    expect(loaded).not.toContain('csv-stringify');
    expect(loaded).toContain(join(root, 'engine', 'index.ts'));
    const hf = [...staticImports(join(root, 'cli', 'hf.ts'))];
    expect(hf.filter((m) => !m.startsWith('node:')).sort()).toEqual([join(root, 'cli', 'command.ts'), join(root, 'cli', 'hf.ts'), join(root, 'config', 'version.ts'), join(root, 'core', 'compile-cache.ts'), join(root, 'config', 'cache-home.ts'), 'commander'].sort());
  });
});

describe('what a process loads to start', () => {
  const root = resolve(__dirname, '../..');
  /** The packages under node_modules a fresh Node process has loaded after requiring `file` (a .ts of src/). */
  function packagesLoadedBy(file: string): string[] {
    const script = [
      `require(${JSON.stringify(join(root, 'src', 'core', 'register-ts.cjs'))});`,
      `require(${JSON.stringify(file)});`,
      'const names = new Set(Object.keys(require.cache).map((f) => (/node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(f) || [])[1]).filter(Boolean));',
      'process.stdout.write(JSON.stringify([...names].map((n) => n.replace(/\\\\/g, "/"))));',
    ].join('\n');
    const child = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent' } });
    if (child.status !== 0) throw new Error(child.stderr);
    return JSON.parse(child.stdout) as string[];
  }

  it('the API loads no LangChain, LangGraph, LLM provider package, BullMQ, ioredis or ECharts until a run, a call, REDIS_URL or a report needs it', () => {
    const loaded = packagesLoadedBy(join(root, 'src', 'app.module.ts'));
    expect(loaded).toEqual(expect.arrayContaining(['@nestjs/core', 'typeorm', 'class-validator']));
    const lazy = ['@langchain/core', '@langchain/langgraph', '@langchain/anthropic', '@langchain/deepseek', '@langchain/google-genai', '@langchain/groq', '@langchain/ollama', '@langchain/openai', 'bullmq', 'ioredis', 'echarts'];
    expect(loaded.filter((name) => lazy.includes(name))).toEqual([]);
  }, 60_000);
});

describe('bin/hf.js: dist/ freshness', () => {
  let root: string;
  const at = (path: string, seconds: number): void => utimesSync(join(root, path), seconds, seconds);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hf-launcher-'));
    mkdirSync(join(root, 'src', 'cli'), { recursive: true });
    writeFileSync(join(root, 'src', 'cli', 'hf.ts'), '');
    writeFileSync(join(root, 'tsconfig.json'), '{}');
    writeFileSync(join(root, 'tsconfig.build.json'), '{}');
    for (const path of ['src/cli/hf.ts', 'src/cli', 'src', 'tsconfig.json', 'tsconfig.build.json']) at(path, 1_000);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function build(seconds: number, file = '.build-stamp'): void {
    mkdirSync(join(root, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(root, 'dist', 'cli', 'hf.js'), '');
    writeFileSync(join(root, 'dist', file), '');
    at(join('dist', file), seconds);
  }

  it('missing without dist/cli/hf.js', () => {
    expect(launcher.distState(root)).toBe('missing');
  });

  it('fresh when the last build is newer than every source and tsconfig', () => {
    build(2_000);
    expect(launcher.distState(root)).toBe('fresh');
  });

  it('a build by npm run build (dist/.tsbuildinfo) counts too', () => {
    build(2_000, '.tsbuildinfo');
    expect(launcher.distState(root)).toBe('fresh');
  });

  it.each([['an edited source', 'src/cli/hf.ts'], ['a new or deleted file (its folder changed)', 'src/cli'], ['an edited tsconfig', 'tsconfig.build.json']])('stale after %s', (_, path) => {
    build(2_000);
    at(path, 3_000);
    expect(launcher.distState(root)).toBe('stale');
  });

  it('ensureBuilt leaves a fresh dist/ alone (no build, the stamp untouched)', () => {
    build(2_000);
    expect(launcher.ensureBuilt(root)).toBe(0);
    expect(statSync(join(root, 'dist', '.build-stamp')).mtimeMs).toBe(2_000_000);
  });

  it('npm start builds through the same check, then becomes the server (exec: a signal to npm reaches it)', () => {
    const scripts = (JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`node -e "process.exitCode = require('./bin/hf.js').ensureBuilt('.')" && exec node dist/main.js`);
  });

  it('no-sources without src/ (the image): dist/ runs as it is', () => {
    build(500);
    rmSync(join(root, 'src'), { recursive: true });
    expect(launcher.distState(root)).toBe('no-sources');
  });
});
