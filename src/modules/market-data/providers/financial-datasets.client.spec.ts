import { loadConfig } from '../../../config';
import { FakeFinancialDatasets } from '../../../../test/support/fake-financial-datasets';
import { ApiKeyLookup } from '../api-key-lookup';
import { MarketDataError } from '../market-data.error';
import { FinancialDatasetsClient } from './financial-datasets.client';

class FixedKey extends ApiKeyLookup {
  constructor(private readonly key: string | null) {
    super();
  }

  getKey(): Promise<string | null> {
    return Promise.resolve(this.key);
  }
}

describe('FinancialDatasetsClient against a fake server on loopback', () => {
  const fake = new FakeFinancialDatasets();

  beforeAll(async () => {
    await fake.start();
  });

  afterAll(async () => {
    await fake.stop();
  });

  beforeEach(() => fake.reset());

  function client(env: Record<string, string> = {}, key: string | null = 'fd-test-key-0001'): FinancialDatasetsClient {
    const config = loadConfig({
      FINANCIAL_DATASETS_BASE_URL: fake.url,
      FINANCIAL_DATASETS_TIMEOUT_MS: '300',
      FINANCIAL_DATASETS_MAX_RETRIES: '2',
      FINANCIAL_DATASETS_RETRY_BASE_MS: '10',
      FINANCIAL_DATASETS_RETRY_MAX_MS: '3000',
      ...env,
    });
    return new FinancialDatasetsClient(config, new FixedKey(key));
  }

  const prices = { method: 'GET', path: '/prices/', query: { ticker: 'AAPL', start_date: '2024-01-02', end_date: '2024-01-05' } } as const;

  it('sends the API key and the query, and returns the parsed body on 200', async () => {
    fake.queue({ kind: 'json', status: 200, body: { prices: [{ time: '2024-01-02', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }] } });
    await expect(client().request(prices)).resolves.toEqual({ prices: [{ time: '2024-01-02', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 }] });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0].headers['x-api-key']).toBe('fd-test-key-0001');
    expect(fake.requests[0].query).toEqual({ ticker: 'AAPL', start_date: '2024-01-02', end_date: '2024-01-05' });
  });

  /** The client with its waits between attempts recorded instead of slept. */
  function recordingClient(env: Record<string, string> = {}): { client: FinancialDatasetsClient; waits: number[] } {
    const waits: number[] = [];
    const recorded = client(env);
    recorded.waitBeforeRetry = async (ms) => void waits.push(ms);
    return { client: recorded, waits };
  }

  it('waits as long as Retry-After asks on 429, then succeeds', async () => {
    fake.queue({ kind: 'json', status: 429, body: { message: 'slow down' }, headers: { 'retry-after': '1' } }, { kind: 'json', status: 200, body: { prices: [] } });
    const { client: recorded, waits } = recordingClient();
    await expect(recorded.request(prices)).resolves.toEqual({ prices: [] });
    expect(waits).toEqual([1000]);
    expect(fake.requests).toHaveLength(2);
  });

  it('gives up on a Retry-After longer than the longest wait, as RATE_LIMITED (429)', async () => {
    fake.queue({ kind: 'json', status: 429, body: {}, headers: { 'retry-after': '3600' } });
    const error = await client().request(prices).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MarketDataError);
    expect(error).toMatchObject({ reason: 'RATE_LIMITED', code: 'RATE_LIMITED', message: 'financialdatasets rate limit reached (Retry-After 3600 s); try again later.' });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries 500 with backoff and succeeds', async () => {
    fake.queue({ kind: 'json', status: 500, body: {} }, { kind: 'json', status: 503, body: {} }, { kind: 'json', status: 200, body: { prices: [] } });
    const { client: recorded, waits } = recordingClient();
    await expect(recorded.request(prices)).resolves.toEqual({ prices: [] });
    expect(fake.requests).toHaveLength(3);
    // Exponential backoff from RETRY_BASE_MS 10 with jitter: attempt i waits between half and all of 10·2^i ms.
    expect(waits).toHaveLength(2);
    for (const [i, wait] of waits.entries()) expect([wait >= 5 * 2 ** i, wait <= 10 * 2 ** i]).toEqual([true, true]);
  });

  it('stops after the bounded retries on a persistent 500 with an UPSTREAM error (502)', async () => {
    fake.queue(...Array.from({ length: 5 }, () => ({ kind: 'json', status: 500, body: {} }) as const));
    await expect(recordingClient().client.request(prices)).rejects.toMatchObject({ reason: 'UPSTREAM', code: 'UPSTREAM_ERROR', message: 'financialdatasets answered HTTP 500 for /prices/.' });
    expect(fake.requests).toHaveLength(3);
  });

  it('times out a hanging server without blocking the event loop, retrying within the bound', async () => {
    fake.queue({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    const error = await client().request(prices).catch((e: unknown) => e);
    clearInterval(timer);
    expect(error).toMatchObject({ reason: 'TIMEOUT', code: 'UPSTREAM_TIMEOUT', message: 'financialdatasets did not answer /prices/ within 300 ms.' });
    expect(fake.requests).toHaveLength(3);
    expect(ticks).toBeGreaterThan(20);
  });

  it('reports malformed JSON as an UPSTREAM error, not an empty result', async () => {
    fake.queue({ kind: 'text', status: 200, text: '{"prices": [' });
    await expect(client().request(prices)).rejects.toMatchObject({ reason: 'UPSTREAM', message: 'financialdatasets returned malformed JSON for /prices/.' });
  });

  it('names a missing key on 401 without echoing any key', async () => {
    fake.queue({ kind: 'json', status: 401, body: { message: 'unauthorized' } });
    const error = (await client({}, null).request(prices).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'financialdatasets refused /prices/ (HTTP 401): no API key is configured (set FINANCIAL_DATASETS_API_KEY or store one with /api-keys).',
    );
    expect(fake.requests[0].headers['x-api-key']).toBeUndefined();
  });

  it('turns a 400 into INVALID_REQUEST with the upstream sentence', async () => {
    fake.queue({ kind: 'json', status: 400, body: { message: 'Invalid TICKER' } });
    await expect(client().request(prices)).rejects.toMatchObject({ reason: 'INVALID_REQUEST', code: 'VALIDATION', message: 'financialdatasets rejected the request (HTTP 400): Invalid TICKER.' });
  });

  it('stops at once when the caller aborts', async () => {
    fake.queue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client({ FINANCIAL_DATASETS_TIMEOUT_MS: '60000' }).request(prices, controller.signal);
    // Abort once the request is at the server (an event, not a guessed delay); the 60 s timeout never decides.
    await fake.waitForRequests(1);
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    expect(fake.requests).toHaveLength(1);
  });
});
