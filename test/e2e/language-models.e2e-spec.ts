import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import catalog from '../../src/modules/language-models/catalog.json';
import { createTestApp } from '../support/app';
import { closedPortUrl, FakeHttpServer, type FakeReply } from '../support/fake-http-server';

const CATALOG = catalog as { display_name: string; model_name: string; provider: string }[];

async function withApp(ollamaUrl: string, run: (app: NestExpressApplication) => Promise<void>): Promise<void> {
  const app = await createTestApp({ env: { OLLAMA_BASE_URL: ollamaUrl, OLLAMA_TIMEOUT_MS: '300' } });
  try {
    await run(app);
  } finally {
    await app.close();
  }
}

describe('language models (e2e)', () => {
  it('GET /language-models/ lists the catalog, then the models installed on the local Ollama', async () => {
    const ollama = await new FakeHttpServer((req): FakeReply =>
      req.url === '/api/tags'
        ? { status: 200, body: { models: [{ name: 'llama3.1:latest', model: 'llama3.1:latest' }, { model: 'qwen3:4b' }, { name: 'llama3.1:latest' }] } }
        : { status: 404 },
    ).start();
    try {
      await withApp(ollama.url, async (app) => {
        for (const path of ['/language-models/', '/language-models']) {
          const res = await request(app.getHttpServer()).get(path).expect(200);
          expect(res.body).toEqual({
            models: [
              ...CATALOG,
              { display_name: 'llama3.1:latest', model_name: 'llama3.1:latest', provider: 'Ollama' },
              { display_name: 'qwen3:4b', model_name: 'qwen3:4b', provider: 'Ollama' },
            ],
          });
        }
        expect(ollama.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/tags', 'GET /api/tags']);
      });
    } finally {
      await ollama.stop();
    }
  });

  it('lists gpt-4.1 from OpenAI, which the SPA selects by default', async () => {
    await withApp(await closedPortUrl(), async (app) => {
      const res = await request(app.getHttpServer()).get('/language-models/').expect(200);
      expect(res.body.models).toContainEqual({ display_name: 'GPT-4.1', model_name: 'gpt-4.1', provider: 'OpenAI' });
    });
  });

  it.each([
    ['refuses connections', async () => ({ url: await closedPortUrl(), stop: async () => undefined })],
    [
      'hangs past OLLAMA_TIMEOUT_MS',
      async () => {
        const server = await new FakeHttpServer(() => 'hang').start();
        return { url: server.url, stop: () => server.stop() };
      },
    ],
    [
      'answers an error',
      async () => {
        const server = await new FakeHttpServer(() => ({ status: 500, body: { error: 'boom' } })).start();
        return { url: server.url, stop: () => server.stop() };
      },
    ],
  ])('answers the catalog alone, without error, when Ollama %s', async (_label, startOllama) => {
    const ollama = await startOllama();
    try {
      await withApp(ollama.url, async (app) => {
        const res = await request(app.getHttpServer()).get('/language-models/').expect(200);
        expect(res.body).toEqual({ models: CATALOG });
      });
    } finally {
      await ollama.stop();
    }
  });

  it('GET /language-models/providers groups the cloud catalog by provider in first-seen order', async () => {
    await withApp(await closedPortUrl(), async (app) => {
      const res = await request(app.getHttpServer()).get('/language-models/providers').expect(200);
      // Grouped here by hand from the catalog data, independently of the service's grouping.
      const expected: { name: string; models: { display_name: string; model_name: string }[] }[] = [];
      for (const m of CATALOG) {
        const group = expected.find((g) => g.name === m.provider) ?? expected[expected.push({ name: m.provider, models: [] }) - 1];
        group.models.push({ display_name: m.display_name, model_name: m.model_name });
      }
      expect(res.body).toEqual({ providers: expected });
      expect(res.body.providers.map((p: { name: string }) => p.name)).toEqual(['OpenAI', 'Anthropic', 'Google', 'DeepSeek', 'Groq', 'OpenRouter']);
      await request(app.getHttpServer()).get('/language-models/providers/').expect(200);
    });
  });
});
