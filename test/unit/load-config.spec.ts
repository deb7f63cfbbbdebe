import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadConfigFromProcess } from '../../src/config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http.port).toBe(8000);
    expect(config.http.host).toBe('localhost');
    expect(config.http.corsOrigins).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
    expect(config.database.url).toBeNull();
    expect(config.storage.dataDir).toMatch(/[/\\]data$/);
    expect(config.security.authToken).toBeNull();
    expect(config.logging.level).toBe('info');
    expect(config.http.bodyLimitBytes).toBe(10 * 1024 * 1024);
    expect(loadConfig({ BODY_LIMIT_MB: '3' }).http.bodyLimitBytes).toBe(3 * 1024 * 1024);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: 'not a host!' }, 'HOST'],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ CORS_ORIGINS: 'localhost:5173' }, 'CORS_ORIGINS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SECRETS_KEY: 'c2hvcnQ=' }, 'SECRETS_KEY'],
    [{ AUTH_TOKEN: 'short' }, 'AUTH_TOKEN'],
    [{ HOST: '0.0.0.0' }, 'HOST'],
    [{ ALLOWED_HOSTS: 'localhost:8000' }, 'ALLOWED_HOSTS'],
    [{ ALLOWED_HOSTS: 'http://x.test' }, 'ALLOWED_HOSTS'],
    [{ JSON_MAX_DEPTH: '2' }, 'JSON_MAX_DEPTH'],
    [{ BODY_LIMIT_MB: '0' }, 'BODY_LIMIT_MB'],
    [{ BODY_LIMIT_MB: '2.5' }, 'BODY_LIMIT_MB'],
    [{ DATABASE_CONNECT_TIMEOUT_MS: 'soon' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    [{ DATABASE_ACQUIRE_TIMEOUT_MS: '0' }, 'DATABASE_ACQUIRE_TIMEOUT_MS'],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    [{ DATABASE_RETRY_AFTER_SECONDS: '0' }, 'DATABASE_RETRY_AFTER_SECONDS'],
    [{ HEALTH_READY_TIMEOUT_MS: '1.5' }, 'HEALTH_READY_TIMEOUT_MS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('binds to a public host only with a bearer token', () => {
    const config = loadConfig({ HOST: '0.0.0.0', AUTH_TOKEN: 'a-long-enough-token-123' });
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.security.authToken).toBe('a-long-enough-token-123');
  });

  it('serves a wildcard HOST without a token only when told the port is published on the loopback (compose loopback profile)', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PUBLISHED_ON_LOOPBACK: 'true' }).security.authToken).toBeNull();
    expect(() => loadConfig({ HOST: '0.0.0.0', PUBLISHED_ON_LOOPBACK: 'false' })).toThrow(/^Invalid configuration: HOST /);
    expect(() => loadConfig({ HOST: '192.168.1.5', PUBLISHED_ON_LOOPBACK: 'true' })).toThrow(/^Invalid configuration: HOST /);
    expect(() => loadConfig({ HOST: '0.0.0.0', PUBLISHED_ON_LOOPBACK: 'maybe' })).toThrow(/^Invalid configuration: PUBLISHED_ON_LOOPBACK must be true or false/);
  });

  it('accepts a 32-byte secrets key as hex or base64', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ SECRETS_KEY: hex }).security.secretsKey).toEqual(Buffer.from(hex, 'hex'));
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ SECRETS_KEY: base64 }).security.secretsKey).toEqual(Buffer.alloc(32, 7));
  });

  it('reads a list of CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'http://a.test:1, https://b.test' }).http.corsOrigins).toEqual(['http://a.test:1', 'https://b.test']);
  });

  it('serves the loopback names and HOST by default; ALLOWED_HOSTS replaces them', () => {
    expect(loadConfig({}).http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: '0.0.0.0', AUTH_TOKEN: 'a-token-of-sixteen-chars' }).http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadConfig({ HOST: 'hedge.lan', AUTH_TOKEN: 'a-token-of-sixteen-chars' }).http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]', 'hedge.lan']);
    expect(loadConfig({ ALLOWED_HOSTS: 'Hedge.Example, ::1, [fe80::1], 10.0.0.5' }).http.allowedHosts).toEqual(['hedge.example', '[::1]', '[fe80::1]', '10.0.0.5']);
    expect(loadConfig({ ALLOWED_HOSTS: '*' }).http.allowedHosts).toEqual(['*']);
  });

  it('bounds every wait on the database, configurable', () => {
    expect(loadConfig({}).database.timeouts).toEqual({ connectTimeoutMs: 5000, acquireTimeoutMs: 5000, statementTimeoutMs: 30000 });
    const config = loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '250', DATABASE_ACQUIRE_TIMEOUT_MS: '750', DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_RETRY_AFTER_SECONDS: '9' });
    expect(config.database.timeouts).toEqual({ connectTimeoutMs: 250, acquireTimeoutMs: 750, statementTimeoutMs: 2000 });
    expect(config.database.retryAfterSeconds).toBe(9);
  });

  describe('loadConfigFromProcess (.env of the working directory, under the environment)', () => {
    let dir: string;
    const before = { ...process.env };
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'hf-env-file-'));
    });
    afterEach(() => {
      rmSync(dir, { recursive: true, force: true });
      for (const name of Object.keys(process.env)) if (!(name in before)) delete process.env[name];
      Object.assign(process.env, before);
    });

    it('reads the file under the environment: the environment wins, the file fills the rest (and process.env)', () => {
      delete process.env.PORT;
      const file = join(dir, '.env');
      writeFileSync(file, '# comment\nPORT=9123\nHF_TEST_ENV_ONLY_IN_FILE="from the file"\nLOG_LEVEL=debug\n');
      process.env.LOG_LEVEL = 'warn';
      const config = loadConfigFromProcess({}, file);
      expect(config.http.port).toBe(9123);
      expect(config.logging.level).toBe('warn');
      expect(process.env.HF_TEST_ENV_ONLY_IN_FILE).toBe('from the file');
    });

    it('rejects a wrong value from the file with the one-line error that names the variable', () => {
      const file = join(dir, '.env');
      writeFileSync(file, 'SSE_HEARTBEAT_MS=often\n');
      delete process.env.SSE_HEARTBEAT_MS;
      expect(() => loadConfigFromProcess({}, file)).toThrow(ConfigError);
      expect(() => loadConfigFromProcess({}, file)).toThrow(/^Invalid configuration: SSE_HEARTBEAT_MS must be an integer, got "often"$/);
    });

    it('lets overrides win over both, and copies nothing of theirs into process.env', () => {
      const file = join(dir, '.env');
      writeFileSync(file, 'LOG_LEVEL=debug\n');
      delete process.env.LOG_LEVEL;
      expect(loadConfigFromProcess({ LOG_LEVEL: 'silent' }, file).logging.level).toBe('silent');
      expect(process.env.LOG_LEVEL).toBe('debug');
    });

    it('runs without a file', () => {
      delete process.env.PORT;
      expect(loadConfigFromProcess({}, join(dir, 'missing.env')).http.port).toBe(8000);
    });
  });
});

describe('provider keys from the environment', () => {
  it('reads the named key variables only, trimmed, blank ones absent, and keeps no copy of the environment', () => {
    const config = loadConfig({ OPENAI_API_KEY: ' sk-test ', GROQ_API_KEY: '   ', FINANCIAL_DATASETS_API_KEY: 'fd-key', SOME_OTHER_SECRET: 'x', PATH: '/opt/bin' });
    expect([...config.providers.environmentKeys]).toEqual([
      ['OPENAI_API_KEY', 'sk-test'],
      ['FINANCIAL_DATASETS_API_KEY', 'fd-key'],
    ]);
    expect(JSON.stringify(Object.keys(config))).not.toContain('"env"');
    expect(config.ollama.searchPath).toBe('/opt/bin');
    expect(config.security.newSecretsKeyText).toBeNull();
    expect(loadConfig({ NEW_SECRETS_KEY: ' abc ' }).security.newSecretsKeyText).toBe('abc');
  });
});
