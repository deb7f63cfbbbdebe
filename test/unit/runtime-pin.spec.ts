import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

describe('the runtime the code runs on', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; devDependencies: Record<string, string> };
  const node = pkg.devDependencies.node;

  it('is one exact Node 22 LTS release for npm scripts (the `node` dev dependency), engines and every image stage', () => {
    expect(node).toMatch(/^22\.\d+\.\d+$/);
    expect(pkg.engines.node).toBe(node);
    const stages = [...read('Dockerfile').matchAll(/^FROM (\S+)/gm)].map((match) => match[1]);
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const image of stages) expect(image).toBe(`node:${node}-bookworm-slim`);
  });

  it('keeps dev-only packages out of the image: production dependencies, typescript removed', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/rm -rf node_modules\/typescript/);
    expect(dockerfile).toMatch(/COPY --from=deps [^\n]* \/app\/node_modules \.\/node_modules/);
  });

  it('compose: a loopback profile on 127.0.0.1:8000 without a token; every service restarts, the node ones run under init', () => {
    const compose = read('docker-compose.yml');
    const service = (name: string): string => new RegExp(`\\n  ${name}:\\n((?:    .*\\n|\\n)*)`).exec(compose)?.[1] ?? '';
    const loopback = service('app-loopback');
    expect(loopback).toMatch(/profiles: \[loopback\]/);
    expect(loopback).toMatch(/- "127\.0\.0\.1:8000:8000"/);
    expect(loopback).not.toMatch(/AUTH_TOKEN/);
    expect(service('app')).toMatch(/AUTH_TOKEN: \$\{AUTH_TOKEN:-\}/);
    expect(compose).toMatch(/x-api: &api\n(?:  .*\n)*  init: true\n(?:  .*\n)*  restart: unless-stopped/);
    for (const name of ['postgres', 'redis', 'worker']) expect(service(name)).toMatch(/restart: unless-stopped/);
    expect(service('worker')).toMatch(/init: true/);
  });
});
