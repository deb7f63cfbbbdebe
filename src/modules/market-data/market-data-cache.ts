import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type DateRange, mergeRanges } from './date-ranges';

export interface CachedRow {
  readonly key: string;
  readonly date: string;
  readonly payload: object;
}

/**
 * The Postgres cache of the HTTP providers. Writes happen after the network call, each in one short
 * transaction on the transaction's own EntityManager (never held across a fetch: PGlite is one session).
 */
@Injectable()
export class MarketDataCache {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async coveredRanges(provider: string, dataset: string, ticker: string): Promise<DateRange[]> {
    const rows = (await this.dataSource.query(
      `SELECT to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end"
         FROM market_data_cache_coverage WHERE provider = $1 AND dataset = $2 AND ticker = $3 ORDER BY start_date`,
      [provider, dataset, ticker],
    )) as DateRange[];
    return rows;
  }

  /** Stores the rows of a fetched range and records the range as covered (merged with its neighbours). */
  async storeRange(provider: string, dataset: string, ticker: string, range: DateRange, rows: readonly CachedRow[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (rows.length > 0) {
        await manager.query(
          `INSERT INTO market_data_cache_rows (provider, dataset, ticker, natural_key, row_date, payload)
           SELECT $1, $2, $3, r->>'key', (r->>'date')::date, r->'payload' FROM jsonb_array_elements($4::jsonb) AS r
           ON CONFLICT (provider, dataset, ticker, natural_key)
           DO UPDATE SET payload = EXCLUDED.payload, row_date = EXCLUDED.row_date, fetched_at = now()`,
          [provider, dataset, ticker, JSON.stringify(rows)],
        );
      }
      const touching = (await manager.query(
        `SELECT id, to_char(start_date, 'YYYY-MM-DD') AS start, to_char(end_date, 'YYYY-MM-DD') AS "end"
           FROM market_data_cache_coverage
          WHERE provider = $1 AND dataset = $2 AND ticker = $3 AND start_date <= $5::date + 1 AND end_date >= $4::date - 1
          FOR UPDATE`,
        [provider, dataset, ticker, range.start, range.end],
      )) as (DateRange & { id: number })[];
      const [merged] = mergeRanges([range, ...touching]);
      if (touching.length > 0) await manager.query(`DELETE FROM market_data_cache_coverage WHERE id = ANY($1::int[])`, [touching.map((t) => t.id)]);
      await manager.query(
        `INSERT INTO market_data_cache_coverage (provider, dataset, ticker, start_date, end_date) VALUES ($1, $2, $3, $4, $5)`,
        [provider, dataset, ticker, merged.start, merged.end],
      );
    });
  }

  async rowsBetween(provider: string, dataset: string, ticker: string, range: DateRange): Promise<object[]> {
    const rows = (await this.dataSource.query(
      `SELECT payload FROM market_data_cache_rows
        WHERE provider = $1 AND dataset = $2 AND ticker = $3 AND row_date BETWEEN $4 AND $5 ORDER BY row_date, natural_key`,
      [provider, dataset, ticker, range.start, range.end],
    )) as { payload: object }[];
    return rows.map((r) => r.payload);
  }

  async response(provider: string, dataset: string, requestKey: string): Promise<unknown> {
    const rows = (await this.dataSource.query(
      `SELECT payload FROM market_data_cache_responses WHERE provider = $1 AND dataset = $2 AND request_key = $3`,
      [provider, dataset, requestKey],
    )) as { payload: unknown }[];
    return rows.length === 0 ? undefined : rows[0].payload;
  }

  async storeResponse(provider: string, dataset: string, requestKey: string, payload: unknown): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO market_data_cache_responses (provider, dataset, request_key, payload) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (provider, dataset, request_key) DO UPDATE SET payload = EXCLUDED.payload, fetched_at = now()`,
      [provider, dataset, requestKey, JSON.stringify(payload)],
    );
  }
}
