import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp } from '../support/app';
import { FakeHttpServer, type FakeReply, type RecordedRequest } from '../support/fake-http-server';

const SECRETS_KEY = 'a1'.repeat(32);
const OTHER_SECRETS_KEY = 'b2'.repeat(32);

/** Every plaintext key this file sends; none may ever show up in a log line. */
const PLAINTEXTS = new Set<string>();
function secret(value: string): string {
  PLAINTEXTS.add(value);
  return value;
}

function keyOf(req: RecordedRequest): string {
  const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
  return bearer ?? String(req.headers['x-api-key'] ?? req.headers['x-goog-api-key'] ?? '');
}

/** One fake serving every provider under a path prefix; the key's first word picks the answer. */
function providerReply(req: RecordedRequest): FakeReply {
  const key = keyOf(req);
  if (key.startsWith('good')) return { status: 200, body: { data: [] } };
  if (key.startsWith('bad')) return { status: 401, body: { error: 'invalid api key' } };
  if (key.startsWith('hang')) return 'hang';
  if (key.startsWith('limited')) return { status: 429, body: {} };
  return { status: 500, body: {} };
}

describe('API keys (e2e)', () => {
  let app: NestExpressApplication;
  let fake: FakeHttpServer;
  let dataDir: string;
  let dataSource: DataSource;
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));

  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    fake = await new FakeHttpServer(providerReply).start();
    dataDir = await mkdtemp(join(tmpdir(), 'hf-api-keys-e2e-'));
    app = await createTestApp({
      env: {
        SECRETS_KEY,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'trace',
        // Long enough for a loopback answer on a busy machine; the hanging provider's 504 waits it out once.
        API_KEY_TEST_TIMEOUT_MS: '5000',
        OPENAI_BASE_URL: `${fake.url}/openai/v1`,
        ANTHROPIC_BASE_URL: `${fake.url}/anthropic`,
        GROQ_BASE_URL: `${fake.url}/groq/openai/v1`,
        GOOGLE_BASE_URL: `${fake.url}/google`,
        DEEPSEEK_BASE_URL: `${fake.url}/deepseek`,
        OPENROUTER_BASE_URL: `${fake.url}/openrouter/api/v1`,
        FINANCIAL_DATASETS_BASE_URL: `${fake.url}/fd`,
        DEEPSEEK_API_KEY: secret('good-deepseek-from-env'),
        GROQ_API_KEY: '',
        OPENAI_API_KEY: '',
      },
      configure: (config) => ({ ...config, logging: { ...config.logging, destination: logStream } }),
    });
    dataSource = app.get(DataSource);
  });

  afterAll(async () => {
    await app.close();
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM api_keys');
    fake.requests.length = 0;
  });

  describe('POST /api-keys (upsert)', () => {
    it('creates (201), then replaces (200), answering the summary without the secret', async () => {
      const first = await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-first-000011112222'), is_active: true }).expect(201);
      expect(first.body).toEqual({
        id: expect.any(Number),
        provider: 'OPENAI_API_KEY',
        last4: '2222',
        has_key: true,
        is_active: true,
        description: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        last_used: null,
      });
      const second = await http().post('/api-keys/').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-second-33334444') }).expect(200);
      expect(second.body).toMatchObject({ id: first.body.id, last4: '4444', is_active: true });
      expect(JSON.stringify(second.body)).not.toContain('sk-second');
      const stored = await http().get('/api-keys/OPENAI_API_KEY').expect(200);
      expect(stored.body.key_value).toBe('sk-second-33334444');
    });

    it('trims the key, shows no last4 for a short key, and keeps the description when the SPA omits it', async () => {
      await http().post('/api-keys').send({ provider: 'GROQ_API_KEY', key_value: secret('  gsk-abc  '), description: 'team key' }).expect(201);
      const short = await http().post('/api-keys').send({ provider: 'GROQ_API_KEY', key_value: secret('abc1234') }).expect(200);
      expect(short.body).toMatchObject({ last4: null, description: 'team key' });
      await http().post('/api-keys').send({ provider: 'GROQ_API_KEY', key_value: secret('gsk-trimmed'), description: null }).expect(200);
      const stored = await http().get('/api-keys/GROQ_API_KEY').expect(200);
      expect(stored.body).toMatchObject({ key_value: 'gsk-trimmed', description: null, last4: 'mmed' });
    });

    const providerRule = 'provider must be 1 to 100 characters: a letter, then letters, digits, "_", "." or "-" (for example OPENAI_API_KEY)';
    it.each([
      ['no provider', { key_value: 'x' }, 'provider', 'provider is required'],
      ['a provider starting with a digit', { provider: '1BAD', key_value: 'x' }, 'provider', providerRule],
      ['a 101-character provider', { provider: 'A'.repeat(101), key_value: 'x' }, 'provider', providerRule],
      ['no key_value', { provider: 'OPENAI_API_KEY' }, 'key_value', 'key_value is required'],
      ['a blank key_value', { provider: 'OPENAI_API_KEY', key_value: '   ' }, 'key_value', 'key_value must not be empty'],
      ['a 4097-character key_value', { provider: 'OPENAI_API_KEY', key_value: 'x'.repeat(4097) }, 'key_value', 'key_value must be shorter than or equal to 4096 characters'],
      ['a string is_active', { provider: 'OPENAI_API_KEY', key_value: 'x', is_active: 'yes' }, 'is_active', 'is_active must be a boolean value'],
    ])('422 naming the field for %s', async (_label, body, field, message) => {
      const res = await http().post('/api-keys').send(body).expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toContainEqual({ field, message });
      expect(res.body.detail).toContain(message);
      const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM api_keys')) as { count: number }[];
      expect(count).toBe(0);
    });

    it('400 for malformed JSON', async () => {
      const res = await http().post('/api-keys').set('Content-Type', 'application/json').send('{"provider": "X", "key_value": "sk-abc').expect(400);
      expect(res.body.detail).toMatch(/^The request body is not valid JSON/);
    });

    it('survives a burst of overlapping keystrokes: no error, one row, one insert, and the request sent last wins', async () => {
      const burst = Array.from({ length: 30 }, (_, i) => secret(`sk-keystroke-${String(i).padStart(2, '0')}`));
      const responses = await Promise.all(burst.map((key_value) => http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value, is_active: true })));
      expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array<number>(29).fill(200), 201]);
      const afterBurst = await http().get('/api-keys/OPENAI_API_KEY').expect(200);
      expect(burst).toContain(afterBurst.body.key_value);

      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-final-keystroke'), is_active: true }).expect(200);
      const rows = (await dataSource.query(`SELECT provider FROM api_keys`)) as { provider: string }[];
      expect(rows).toEqual([{ provider: 'OPENAI_API_KEY' }]);
      expect((await http().get('/api-keys/OPENAI_API_KEY').expect(200)).body.key_value).toBe('sk-final-keystroke');
    });
  });

  describe('GET /api-keys', () => {
    beforeEach(async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-open-12345678') }).expect(201);
      await http().post('/api-keys').send({ provider: 'ANTHROPIC_API_KEY', key_value: secret('sk-ant-87654321'), is_active: false }).expect(201);
    });

    it('lists active keys ordered by provider, never a secret (the SPA calls GET /api-keys?)', async () => {
      const res = await http().get('/api-keys?').expect(200);
      expect(res.body).toEqual([expect.objectContaining({ provider: 'OPENAI_API_KEY', last4: '5678', has_key: true, is_active: true })]);
      expect(res.body[0]).not.toHaveProperty('key_value');
      expect(JSON.stringify(res.body)).not.toContain('sk-open');
    });

    it('includes inactive keys with include_inactive=true', async () => {
      const res = await http().get('/api-keys/?include_inactive=true').expect(200);
      expect(res.body.map((k: { provider: string; is_active: boolean }) => [k.provider, k.is_active])).toEqual([
        ['ANTHROPIC_API_KEY', false],
        ['OPENAI_API_KEY', true],
      ]);
      expect((await http().get('/api-keys?include_inactive=false').expect(200)).body).toHaveLength(1);
    });

    it('422 for include_inactive=maybe', async () => {
      const res = await http().get('/api-keys?include_inactive=maybe').expect(422);
      expect(res.body.errors).toEqual([{ field: 'include_inactive', message: 'include_inactive must be true or false' }]);
    });
  });

  describe('GET /api-keys/{provider}', () => {
    it('answers the anchor shape with the plaintext, not cacheable', async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-fill-the-field'), description: 'd' }).expect(201);
      const res = await http().get('/api-keys/OPENAI_API_KEY').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        id: expect.any(Number),
        provider: 'OPENAI_API_KEY',
        key_value: 'sk-fill-the-field',
        last4: 'ield',
        is_active: true,
        description: 'd',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        last_used: null,
      });
    });

    it('404 for an unknown or inactive key; 422 for a malformed provider', async () => {
      expect((await http().get('/api-keys/NOPE_API_KEY').expect(404)).body.detail).toBe('API key not found');
      await http().post('/api-keys').send({ provider: 'OFF_KEY', key_value: secret('sk-off-00000000'), is_active: false }).expect(201);
      await http().get('/api-keys/OFF_KEY').expect(404);
      const bad = await http().get('/api-keys/bad%20name').expect(422);
      expect(bad.body.errors).toEqual([{ field: 'provider', message: expect.stringMatching(/^provider must be 1 to 100 characters/) }]);
    });

    it('503 naming the fix when the stored key was sealed with another secrets key', async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-sealed-with-a1') }).expect(201);
      const other = await createTestApp({ env: { SECRETS_KEY: OTHER_SECRETS_KEY, DATA_DIR: dataDir } });
      try {
        const res = await request(other.getHttpServer()).get('/api-keys/OPENAI_API_KEY').expect(503);
        expect(res.body.detail).toBe(
          'The stored key for OPENAI_API_KEY cannot be decrypted with the configured secrets key: restore the key it was saved with, or store the key again.',
        );
        expect(JSON.stringify(res.body)).not.toContain('sk-sealed');
      } finally {
        await other.close();
      }
    });
  });

  describe('PUT /api-keys/{provider}', () => {
    it('changes the key, description and state, also of an inactive key, without echoing the secret', async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-before-11111111'), is_active: false, description: 'old' }).expect(201);
      const res = await http().put('/api-keys/OPENAI_API_KEY').send({ key_value: secret('sk-after-22223333'), is_active: true }).expect(200);
      expect(res.body).toMatchObject({ provider: 'OPENAI_API_KEY', last4: '3333', is_active: true, description: 'old' });
      expect(res.body).not.toHaveProperty('key_value');
      expect((await http().get('/api-keys/OPENAI_API_KEY').expect(200)).body.key_value).toBe('sk-after-22223333');
      const cleared = await http().put('/api-keys/OPENAI_API_KEY/').send({ description: null }).expect(200);
      expect(cleared.body).toMatchObject({ description: null, last4: '3333' });
    });

    it('404 for an unknown key; 422 for an empty key_value', async () => {
      expect((await http().put('/api-keys/NOPE').send({ description: 'x' }).expect(404)).body.detail).toBe('API key not found');
      const res = await http().put('/api-keys/NOPE').send({ key_value: '' }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'key_value', message: 'key_value must not be empty' }]);
    });
  });

  describe('DELETE, deactivate, last-used', () => {
    beforeEach(async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('sk-lifecycle-0000') }).expect(201);
    });

    it('DELETE answers the anchor message, then 404', async () => {
      await http().delete('/api-keys/OPENAI_API_KEY').expect(200, { message: 'API key deleted successfully' });
      expect((await http().delete('/api-keys/OPENAI_API_KEY').expect(404)).body.detail).toBe('API key not found');
    });

    it('PATCH deactivate answers the summary (the anchor answered 500), hides the key from GET, keeps it listed as inactive', async () => {
      const res = await http().patch('/api-keys/OPENAI_API_KEY/deactivate').expect(200);
      expect(res.body).toMatchObject({ provider: 'OPENAI_API_KEY', is_active: false, has_key: true });
      await http().get('/api-keys/OPENAI_API_KEY').expect(404);
      expect((await http().get('/api-keys?include_inactive=true').expect(200)).body).toEqual([expect.objectContaining({ is_active: false })]);
      await http().patch('/api-keys/NOPE/deactivate').expect(404);
    });

    it('PATCH last-used stamps the time; 404 for inactive or unknown keys', async () => {
      const before = Date.now();
      await http().patch('/api-keys/OPENAI_API_KEY/last-used').expect(200, { message: 'Last used timestamp updated' });
      const lastUsed = Date.parse((await http().get('/api-keys/OPENAI_API_KEY').expect(200)).body.last_used as string);
      expect(lastUsed).toBeGreaterThanOrEqual(before - 5_000);
      expect(lastUsed).toBeLessThanOrEqual(Date.now() + 5_000);
      await http().patch('/api-keys/OPENAI_API_KEY/deactivate').expect(200);
      await http().patch('/api-keys/OPENAI_API_KEY/last-used').expect(404);
      await http().patch('/api-keys/NOPE/last-used').expect(404);
    });
  });

  describe('POST /api-keys/bulk', () => {
    it('stores every key and answers summaries in request order', async () => {
      const res = await http()
        .post('/api-keys/bulk')
        .send({ api_keys: [{ provider: 'Z_KEY', key_value: secret('zzzz-1234-5678') }, { provider: 'A_KEY', key_value: secret('aaaa-8765-4321'), description: 'a' }] })
        .expect(200);
      expect(res.body.map((k: { provider: string; last4: string }) => [k.provider, k.last4])).toEqual([
        ['Z_KEY', '5678'],
        ['A_KEY', '4321'],
      ]);
      expect(JSON.stringify(res.body)).not.toContain('zzzz');
      expect((await http().get('/api-keys/A_KEY').expect(200)).body.key_value).toBe('aaaa-8765-4321');
    });

    it('422 naming the item for an invalid or repeated provider, and nothing is written', async () => {
      const invalid = await http()
        .post('/api-keys/bulk')
        .send({ api_keys: [{ provider: 'A_KEY', key_value: secret('aaaa-0000-1111') }, { provider: 'B_KEY', key_value: '' }] })
        .expect(422);
      expect(invalid.body.errors).toEqual([{ field: 'api_keys[1].key_value', message: 'api_keys[1].key_value must not be empty' }]);
      const repeated = await http()
        .post('/api-keys/bulk')
        .send({ api_keys: [{ provider: 'A_KEY', key_value: secret('aaaa-0000-2222') }, { provider: 'A_KEY', key_value: secret('aaaa-0000-3333') }] })
        .expect(422);
      expect(repeated.body.errors).toEqual([{ field: 'api_keys[1].provider', message: 'api_keys[1].provider repeats A_KEY of api_keys[0]' }]);
      expect((await http().get('/api-keys?include_inactive=true').expect(200)).body).toEqual([]);
      const notArray = await http().post('/api-keys/bulk').send({ api_keys: 'x' }).expect(422);
      expect(notArray.body.errors).toContainEqual({ field: 'api_keys', message: 'api_keys must be an array' });
    });
  });

  describe('POST /api-keys/test', () => {
    it.each([
      ['a non-ASCII key', 'sk-caf\u00e9-123'],
      ['a key with an inner space', 'sk-abc def'],
      ['a key with a control character', 'sk-abc\u0007def'],
    ])('%s is a 422 naming key_value, and no provider is called', async (_label, key) => {
      const res = await http().post('/api-keys/test').send({ provider: 'OPENAI_API_KEY', key_value: key }).expect(422);
      expect(res.body.errors).toEqual([{ field: 'key_value', message: expect.stringMatching(/^key_value holds characters outside printable ASCII/) }]);
      expect(fake.requests).toHaveLength(0);
    });

    it('a stored key that cannot travel in a header is a 422 too', async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: 'sk-\u00fcber' }).expect(201);
      const res = await http().post('/api-keys/test').send({ provider: 'OPENAI_API_KEY' }).expect(422);
      expect(res.body.detail).toMatch(/^The stored OPENAI_API_KEY key holds characters outside printable ASCII/);
      expect(fake.requests).toHaveLength(0);
    });

    it.each([
      ['OPENAI_API_KEY', 'OpenAI', '/openai/v1/models', 'authorization', 'Bearer good-openai'],
      ['ANTHROPIC_API_KEY', 'Anthropic', '/anthropic/v1/models?limit=1', 'x-api-key', 'good-openai'],
      ['GROQ_API_KEY', 'Groq', '/groq/openai/v1/models', 'authorization', 'Bearer good-openai'],
      ['GOOGLE_API_KEY', 'Google', '/google/v1beta/models?pageSize=1', 'x-goog-api-key', 'good-openai'],
      ['DEEPSEEK_API_KEY', 'DeepSeek', '/deepseek/models', 'authorization', 'Bearer good-openai'],
      ['OPENROUTER_API_KEY', 'OpenRouter', '/openrouter/api/v1/key', 'authorization', 'Bearer good-openai'],
      ['FINANCIAL_DATASETS_API_KEY', 'Financial Datasets', '/fd/company/facts?ticker=IBM', 'x-api-key', 'good-openai'],
    ])('%s (%s): GET %s with the key in %s', async (provider, name, path, header, value) => {
      const res = await http().post('/api-keys/test').send({ provider, key_value: secret('good-openai') }).expect(200);
      expect(res.body).toEqual({ valid: true, provider, detail: `${name} accepted the key.` });
      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0]).toMatchObject({ method: 'GET', url: path });
      expect(fake.requests[0].headers[header]).toBe(value);
    });

    it('valid: false when the provider answers 401', async () => {
      const res = await http().post('/api-keys/test').send({ provider: 'OPENAI_API_KEY', key_value: secret('bad-key-123') }).expect(200);
      expect(res.body).toEqual({ valid: false, provider: 'OPENAI_API_KEY', detail: 'OpenAI rejected the key (HTTP 401).' });
    });

    it('valid: true with a note when the provider rate-limits the key (429)', async () => {
      const res = await http().post('/api-keys/test').send({ provider: 'ANTHROPIC_API_KEY', key_value: secret('limited-key') }).expect(200);
      expect(res.body).toEqual({
        valid: true,
        provider: 'ANTHROPIC_API_KEY',
        detail: 'Anthropic accepted the key but limits the account (HTTP 429: quota, credits or rate limit).',
      });
    });

    it('504 when the provider hangs past API_KEY_TEST_TIMEOUT_MS', async () => {
      const started = Date.now();
      const res = await http().post('/api-keys/test').send({ provider: 'GROQ_API_KEY', key_value: secret('hang-forever') }).expect(504);
      expect(res.body.detail).toBe('Groq did not answer within 5000 ms; the key could not be checked.');
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('502 when the provider fails (HTTP 500)', async () => {
      const res = await http().post('/api-keys/test').send({ provider: 'GOOGLE_API_KEY', key_value: secret('other-key') }).expect(502);
      expect(res.body.detail).toBe('Google answered HTTP 500; the key could not be checked.');
    });

    it('tests the stored key when key_value is omitted, else the environment variable', async () => {
      await http().post('/api-keys').send({ provider: 'OPENAI_API_KEY', key_value: secret('bad-stored-key') }).expect(201);
      const stored = await http().post('/api-keys/test').send({ provider: 'OPENAI_API_KEY' }).expect(200);
      expect(stored.body.valid).toBe(false);
      expect(fake.requests[0].headers.authorization).toBe('Bearer bad-stored-key');
      const fromEnv = await http().post('/api-keys/test').send({ provider: 'DEEPSEEK_API_KEY' }).expect(200);
      expect(fromEnv.body).toEqual({ valid: true, provider: 'DEEPSEEK_API_KEY', detail: 'DeepSeek accepted the key.' });
      expect(fake.requests[1].headers.authorization).toBe('Bearer good-deepseek-from-env');
    });

    it('404 when there is no key to test; 422 for a provider that cannot be tested', async () => {
      const none = await http().post('/api-keys/test').send({ provider: 'GROQ_API_KEY' }).expect(404);
      expect(none.body.detail).toBe('There is no key to test for GROQ_API_KEY: none is stored and the GROQ_API_KEY environment variable is unset.');
      const unsupported = await http().post('/api-keys/test').send({ provider: 'MOONSHOT_API_KEY', key_value: 'x' }).expect(422);
      expect(unsupported.body.errors).toEqual([
        {
          field: 'provider',
          message:
            'provider must be one of OPENAI_API_KEY, ANTHROPIC_API_KEY, GROQ_API_KEY, GOOGLE_API_KEY, DEEPSEEK_API_KEY, OPENROUTER_API_KEY, FINANCIAL_DATASETS_API_KEY',
        },
      ]);
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('wrote log lines, none holding a key value (requests, errors, key checks)', () => {
    const text = logs.join('');
    expect(text).toContain('"url":"/api-keys/test"');
    expect(PLAINTEXTS.size).toBeGreaterThan(40);
    for (const plaintext of PLAINTEXTS) expect(text).not.toContain(plaintext.trim());
  });
});
