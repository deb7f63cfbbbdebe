import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createTestApp } from '../support/app';
import { FakeHttpServer } from '../support/fake-http-server';
import { FakeOllama } from '../support/fake-ollama';
import { casesFor, type FuzzCase, type OpenApiDocument, type Operation, operationsOf, SchemaResolver } from '../support/openapi-fuzz';
import { rawRequest, type RawResponse } from '../support/raw-http';

/**
 * Every operation of the app's own OpenAPI document × a catalogue of bad values: never a 5xx, and every
 * error is application/problem+json with a readable `detail`. External services are loopback fakes
 * speaking their real wire format (providers refuse every key; Ollama answers), so nothing leaves the
 * machine and an upstream 5xx cannot hide a defect of ours.
 */
describe('bad-input fuzz over the OpenAPI document (e2e)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  let dataDir: string;
  let providers: FakeHttpServer;
  let ollama: FakeOllama;
  let operations: Operation[];
  let resolver: SchemaResolver;
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hf-fuzz-'));
    providers = await new FakeHttpServer(() => ({ status: 401, body: { error: { message: 'invalid key' } } })).start();
    ollama = await new FakeOllama().start();
    const providerUrls = Object.fromEntries(
      ['OPENAI', 'ANTHROPIC', 'GROQ', 'GOOGLE', 'DEEPSEEK', 'OPENROUTER', 'FINANCIAL_DATASETS'].map((name) => [`${name}_BASE_URL`, providers.url]),
    );
    app = await createTestApp({
      env: {
        DATA_DIR: dataDir,
        OLLAMA_BASE_URL: ollama.url,
        ...providerUrls,
        FINANCIAL_DATASETS_MAX_RETRIES: '0',
      },
    });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const document = JSON.parse((await rawRequest(baseUrl, { method: 'GET', path: '/docs-json' })).text) as OpenApiDocument;
    operations = operationsOf(document);
    resolver = new SchemaResolver(document);
    // A flow, a run and a stored key, so ids in paths reach the services, not only the 404 path.
    await rawRequest(baseUrl, { method: 'POST', path: '/flows/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzz', nodes: [], edges: [] }) });
    await rawRequest(baseUrl, { method: 'POST', path: '/flows/1/runs/', headers: { 'content-type': 'application/json' }, body: '{}' });
  });

  afterAll(async () => {
    agent.destroy();
    await app.close();
    await providers.stop();
    await ollama.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function defectOf(response: RawResponse): string | null {
    if (response.status >= 500) return `status ${response.status}`;
    if (response.status < 400) return null;
    const type = String(response.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) return `status ${response.status} with content-type "${type}"`;
    try {
      const body = JSON.parse(response.text) as { detail?: unknown; status?: unknown };
      if (typeof body.detail !== 'string' || body.detail.trim() === '') return `status ${response.status} without a detail`;
      if (body.status !== response.status) return `status ${response.status} but body.status ${String(body.status)}`;
    } catch {
      return `status ${response.status} with a body that is not JSON`;
    }
    return null;
  }

  async function run(select: (name: string) => boolean): Promise<{ sent: number; defects: string[] }> {
    const cases: FuzzCase[] = operations.flatMap((operation) => casesFor(operation, resolver)).filter((c) => select(c.name));
    const defects: string[] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) {
        const fuzz = cases[next++];
        const label = `${fuzz.operation.method} ${fuzz.operation.path} — ${fuzz.name}`;
        try {
          const response = await rawRequest(baseUrl, fuzz.request, agent);
          const defect = defectOf(response);
          if (defect !== null) defects.push(`${label}: ${defect} ${response.text.slice(0, 200)}`);
        } catch (error) {
          defects.push(`${label}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return { sent: cases.length, defects };
  }

  it('reads operations from the document, routes of every module included', () => {
    const paths = new Set(operations.map((o) => o.path.split('/')[1]));
    expect(operations.length).toBeGreaterThan(50);
    for (const prefix of ['flows', 'api-keys', 'hedge-fund', 'futures', 'metrics', 'storage', 'ollama', 'market-data', 'health']) expect(paths).toContain(prefix);
  });

  it('bad path and query values: never a 5xx, always a problem with a detail', async () => {
    const { sent, defects } = await run((name) => name.startsWith('path ') || name.startsWith('query '));
    expect(sent).toBeGreaterThan(300);
    expect(defects).toEqual([]);
  }, 600_000);

  it('bad values at every place of every JSON body: never a 5xx, always a problem with a detail', async () => {
    const { sent, defects } = await run((name) => name.startsWith('body '));
    expect(sent).toBeGreaterThan(1000);
    expect(defects).toEqual([]);
  }, 600_000);

  it('malformed, deeply nested, mis-encoded and mistyped bodies: never a 5xx, always a problem with a detail', async () => {
    const { sent, defects } = await run((name) => !name.startsWith('body ') && !name.startsWith('path ') && !name.startsWith('query '));
    expect(sent).toBeGreaterThan(300);
    expect(defects).toEqual([]);
  }, 600_000);
});
