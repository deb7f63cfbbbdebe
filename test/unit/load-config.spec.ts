import { ConfigError, loadConfig } from '../../src/config';

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
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('binds to a public host only with a bearer token', () => {
    const config = loadConfig({ HOST: '0.0.0.0', AUTH_TOKEN: 'a-long-enough-token-123' });
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.security.authToken).toBe('a-long-enough-token-123');
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
});
