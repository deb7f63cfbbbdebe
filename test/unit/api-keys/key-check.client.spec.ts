import { loadConfig } from '../../../src/config';
import { DomainError } from '../../../src/core/http';
import { KeyCheckClient } from '../../../src/modules/api-keys/key-check.client';
import { findCheckableProvider } from '../../../src/modules/api-keys/providers';
import { closedPortUrl, FakeHttpServer } from '../../support/fake-http-server';

const OPENAI = findCheckableProvider('OPENAI_API_KEY');

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('KeyCheckClient against loopback servers', () => {
  it('502 naming the cause when nothing listens', async () => {
    const client = new KeyCheckClient(loadConfig({ OPENAI_BASE_URL: await closedPortUrl() }));
    const error = await failure(client.check(OPENAI!, 'sk-x'));
    expect(error.code).toBe('UPSTREAM_ERROR');
    expect(error.message).toBe('OpenAI could not be reached (ECONNREFUSED); the key could not be checked.');
  });

  it('does not follow a redirect (it would carry the key to another host)', async () => {
    const elsewhere = await new FakeHttpServer(() => ({ status: 200 })).start();
    const redirecting = await new FakeHttpServer(() => ({ status: 302, headers: { location: `${elsewhere.url}/models` } })).start();
    try {
      const client = new KeyCheckClient(loadConfig({ OPENAI_BASE_URL: redirecting.url }));
      const error = await failure(client.check(OPENAI!, 'sk-x'));
      expect(error.code).toBe('UPSTREAM_ERROR');
      expect(error.message).toMatch(/^OpenAI could not be reached \(.+\); the key could not be checked\.$/);
      expect(redirecting.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await elsewhere.stop();
      await redirecting.stop();
    }
  });
});
