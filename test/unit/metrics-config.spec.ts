import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig: metrics limits', () => {
  it('defaults to a 128 MB body and 2,000,000 points', () => {
    expect(loadConfig({}).metrics).toEqual({ maxBodyBytes: 128 * 1024 * 1024, maxPoints: 2_000_000 });
  });

  it('reads METRICS_BODY_LIMIT_MB and METRICS_MAX_POINTS', () => {
    expect(loadConfig({ METRICS_BODY_LIMIT_MB: '16', METRICS_MAX_POINTS: '1000' }).metrics).toEqual({ maxBodyBytes: 16 * 1024 * 1024, maxPoints: 1000 });
  });

  it.each([
    [{ METRICS_BODY_LIMIT_MB: '0' }, 'METRICS_BODY_LIMIT_MB'],
    [{ METRICS_BODY_LIMIT_MB: 'lots' }, 'METRICS_BODY_LIMIT_MB'],
    [{ METRICS_MAX_POINTS: '1' }, 'METRICS_MAX_POINTS'],
    [{ METRICS_MAX_POINTS: '9000000' }, 'METRICS_MAX_POINTS'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });
});
