import { randomBytes } from 'node:crypto';
import { describeRedisUrl, openJob, sealJob } from './redis';

describe('job data in Redis', () => {
  const key = randomBytes(32);
  const spec = { kind: 'hedge_fund_run', request: { tickers: ['AAPL'] }, run_id: 4, secrets: { OPENAI_API_KEY: 'sk-test-0123456789abcdef' } };

  it('keeps the request secrets sealed while the job sits in the queue, and opens them for the worker', () => {
    const data = sealJob(spec, 'job-1', key);
    expect(JSON.stringify(data)).not.toContain('sk-test-0123456789abcdef');
    expect(data.spec).toEqual({ kind: 'hedge_fund_run', request: { tickers: ['AAPL'] }, run_id: 4 });
    expect(openJob(JSON.parse(JSON.stringify(data)), 'job-1', key)).toEqual(spec);
  });

  it('refuses to open them with another key or for another job, and to queue them without a key', () => {
    const data = sealJob(spec, 'job-1', key);
    expect(() => openJob(data, 'job-1', randomBytes(32))).toThrow(/another secrets key/);
    expect(() => openJob(data, 'job-2', key)).toThrow(/does not decrypt/);
    expect(() => sealJob(spec, 'job-1', null)).toThrow(/SECRETS_KEY/);
    expect(sealJob({ kind: 'x', request: {} }, 'job-3', null)).toEqual({ spec: { kind: 'x', request: {} } });
  });

  it('names Redis without its password', () => {
    expect(describeRedisUrl('redis://:hunter2@cache:6379/3')).toBe('redis://:***@cache:6379/3');
  });
});
