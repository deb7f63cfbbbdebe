import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Body, Controller, Get, Module, Param, Post, Query } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsOptional, IsString, ValidateNested } from 'class-validator';
import request from 'supertest';
import { createTestApp } from '../support/app';
import { rawRequest } from '../support/raw-http';

class ProbeItemDto {
  @ApiProperty()
  @IsString()
  id: string;
}

class ProbeSettingsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  mode?: string;
}

/** A DTO written the way the defects were: `@ValidateNested` without any rule on the item shape. */
class ProbeBodyDto {
  @ApiProperty({ type: [ProbeItemDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ProbeItemDto)
  items: ProbeItemDto[];

  @ApiPropertyOptional({ type: ProbeSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProbeSettingsDto)
  settings?: ProbeSettingsDto;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  note?: string | null;

  @ApiPropertyOptional({ type: Object })
  @IsOptional()
  free?: Record<string, unknown>;
}

/** Echoes what the services would receive after the global pipeline. */
@Controller('__input')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeBodyDto): unknown {
    return { body, kinds: { items: body.items.map((i) => (Array.isArray(i) ? 'array' : typeof i)), settings: body.settings === undefined ? 'absent' : typeof body.settings }, has: Object.keys(body).filter((key) => body[key as keyof ProbeBodyDto] !== undefined) };
  }

  @Get(':name')
  named(@Param('name') name: string, @Query('q') q?: string): unknown {
    return { name, q: q ?? null };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('input hardening: parsing, text, shapes (e2e)', () => {
  let app: NestExpressApplication;

  beforeAll(async () => {
    app = await createTestApp({ extraImports: [ProbeModule], env: { JSON_MAX_DEPTH: '32' } });
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app.close();
  });

  function expectProblem(res: request.Response, status: number): void {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(status);
    expect(typeof res.body.detail).toBe('string');
  }

  describe('parsing', () => {
    it('a body nested deeper than JSON_MAX_DEPTH is a 400 naming the limit, before it is parsed', async () => {
      const deep = `{"items":[],"free":${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}}`;
      const res = await request(app.getHttpServer()).post('/__input').set('Content-Type', 'application/json').send(deep);
      expectProblem(res, 400);
      expect(res.body.detail).toBe('The request body nests objects and arrays more than 32 levels deep (JSON_MAX_DEPTH).');
    });

    it('nesting at the limit passes, brackets inside strings do not count', async () => {
      const atLimit = `{"items":[],"free":${'{"a":'.repeat(30)}"[[[[{{{{"${'}'.repeat(30)}}`;
      await request(app.getHttpServer()).post('/__input').set('Content-Type', 'application/json').send(atLimit).expect(201);
      const over = `{"items":[],"free":${'{"a":'.repeat(32)}1${'}'.repeat(32)}}`;
      expectProblem(await request(app.getHttpServer()).post('/__input').set('Content-Type', 'application/json').send(over), 400);
    });

    it.each([
      ['gzip', 400, /could not be decoded with its Content-Encoding/],
      ['deflate', 400, /could not be decoded with its Content-Encoding/],
      ['br', 400, /could not be decoded with its Content-Encoding/],
      ['x-unknown', 415, /^Content-Encoding "x-unknown" is not supported/],
      ['gzip, compress', 415, /^Content-Encoding "compress" is not supported/],
    ])('Content-Encoding %s on a plain body is a %i problem', async (encoding, status, detail) => {
      const res = await request(app.getHttpServer()).post('/__input').set('Content-Type', 'application/json').set('Content-Encoding', encoding).send('{"items":[]}');
      expectProblem(res, status as number);
      expect(res.body.detail).toMatch(detail as RegExp);
    });

    it('a really gzipped JSON body is inflated and served', async () => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const res = await rawRequest(`http://127.0.0.1:${port}`, {
        method: 'POST',
        path: '/__input',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.from(JSON.stringify({ items: [{ id: 'a' }] }))),
      });
      expect(res.status).toBe(201);
      expect(JSON.parse(res.text).body).toEqual({ items: [{ id: 'a' }] });
    });

    it('a JSON body declared over the limit is a 413 at once (the rest is never awaited), naming the configured limit', async () => {
      const { port } = app.getHttpServer().address() as AddressInfo;
      const res = await rawRequest(`http://127.0.0.1:${port}`, { method: 'POST', path: '/__input', headers: { 'content-type': 'application/json' }, body: '{', declaredLength: 11 * 1024 * 1024 });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(res.text).detail).toBe('The request body is larger than the 10 MB limit.');
    });
  });

  describe('NUL and unpaired surrogates', () => {
    it.each([
      ['a body field', { items: [{ id: 'a\u0000b' }] }, 'items[0].id'],
      ['a free-form object', { items: [], free: { deep: ['ok', { x: '\u0000' }] } }, 'free.deep[1].x'],
      ['an object key', { items: [], free: { 'k\u0000': 1 } }, 'free'],
      ['an unpaired surrogate', { items: [{ id: 'a\ud800' }] }, 'items[0].id'],
    ])('%s is a 422 naming the field', async (_label, body, field) => {
      const res = await request(app.getHttpServer()).post('/__input').send(body);
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([{ field, message: expect.stringMatching(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')} must`)) }]);
    });

    it('a NUL in a path parameter or in the query is a 422 naming it', async () => {
      const path = await request(app.getHttpServer()).get('/__input/a%00b');
      expectProblem(path, 422);
      expect(path.body.errors[0].field).toBe('name');
      const query = await request(app.getHttpServer()).get('/__input/a?q=%00');
      expectProblem(query, 422);
      expect(query.body.errors[0].field).toBe('q');
    });

    it('well-formed text, emoji included, passes', async () => {
      const res = await request(app.getHttpServer()).post('/__input').send({ items: [{ id: 'été 📈' }] }).expect(201);
      expect(res.body.body.items[0].id).toBe('été 📈');
    });
  });

  describe('shapes', () => {
    it.each([
      ['an array of arrays', { items: [[]] }, 'items[0]', 'items[0] must be an object, got []'],
      ['an array of nulls', { items: [{ id: 'a' }, null] }, 'items[1]', 'items[1] must be an object, got null'],
      ['an array where an object belongs', { items: [], settings: [] }, 'settings', 'settings must be an object'],
      ['an array of arrays where an object belongs', { items: [], settings: [[]] }, 'settings', 'settings must be an object'],
    ])('%s is a 422 (every @ValidateNested property holds objects)', async (_label, body, field, message) => {
      const res = await request(app.getHttpServer()).post('/__input').send(body);
      expectProblem(res, 422);
      expect(res.body.errors).toContainEqual({ field, message });
    });

    it('a null the schema does not document reaches the service as absent; a documented one stays', async () => {
      const res = await request(app.getHttpServer()).post('/__input').send({ items: [{ id: 'a' }], settings: null, note: null }).expect(201);
      expect(res.body.has.sort()).toEqual(['items', 'note']);
      expect(res.body.kinds).toEqual({ items: ['object'], settings: 'absent' });
      expect(res.body.body.note).toBeNull();
    });
  });

  describe('a configured body limit (BODY_LIMIT_MB=2)', () => {
    let small: NestExpressApplication;

    beforeAll(async () => {
      small = await createTestApp({ extraImports: [ProbeModule], env: { BODY_LIMIT_MB: '2' } });
      await small.listen(0, '127.0.0.1');
    });

    afterAll(async () => {
      await small.close();
    });

    it('a body over it is a 413 whose detail names 2 MB, whether its length is declared or found while inflating', async () => {
      const { port } = small.getHttpServer().address() as AddressInfo;
      const declared = await rawRequest(`http://127.0.0.1:${port}`, { method: 'POST', path: '/__input', headers: { 'content-type': 'application/json' }, body: '{', declaredLength: 2 * 1024 * 1024 + 1 });
      expect(declared.status).toBe(413);
      expect(JSON.parse(declared.text).detail).toBe('The request body is larger than the 2 MB limit.');
      // A small gzip body that inflates past the limit: body-parser itself stops it, with the same text.
      const inflated = gzipSync(Buffer.from(JSON.stringify({ items: [{ id: 'x'.repeat(3 * 1024 * 1024) }] })));
      const streamed = await rawRequest(`http://127.0.0.1:${port}`, { method: 'POST', path: '/__input', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: inflated });
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.text).detail).toBe('The request body is larger than the 2 MB limit.');
    });

    it('a body under it but over 1 MB is read', async () => {
      const res = await request(small.getHttpServer()).post('/__input').send({ items: [{ id: 'x'.repeat(1536 * 1024) }] });
      expect(res.status).toBe(201);
    });
  });
});
