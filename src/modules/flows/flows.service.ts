import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { jsonColumns } from '../../core/database';
import { type JsonText, NotFoundError } from '../../core/http';
import { FLOW_NAME_MAX, type CreateFlowDto } from './dto/create-flow.dto';
import type { FlowResponseDto, FlowSummaryResponseDto } from './dto/flow-response.dto';
import type { ListFlowsQueryDto } from './dto/list-flows-query.dto';
import type { UpdateFlowDto } from './dto/update-flow.dto';
import { FlowEntity } from './flow.entity';
import { FLOW_RESPONSE_JSON, FLOW_SUMMARY_COLUMNS, FLOW_SUMMARY_JSON } from './flows.mapper';

const COPY_SUFFIX = ' (Copy)';

export const FLOW_NOT_FOUND = 'Flow not found';

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function likeSubstringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function given<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

/** A jsonb parameter: the value's JSON text, or SQL NULL for an absent one (never the JSON `null`). */
function jsonParameter(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** The JSON text a statement built (its one column, `body`); null when it found no row. */
function bodyOf<T>(rows: unknown): JsonText<T> | null {
  const [row] = rows as { body: string }[];
  return row === undefined ? null : row.body;
}

/** The JSON text of a statement that always answers one row (an INSERT … RETURNING, an aggregate). */
function onlyBody<T>(rows: unknown): JsonText<T> {
  const body = bodyOf<T>(rows);
  if (body === null) throw new Error('A statement that answers one row answered none');
  return body;
}

export interface FlowListOptions {
  readonly includeTemplates: boolean;
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** A list answer built at a revision of the flows. */
interface KeptList {
  readonly revision: string;
  readonly body: JsonText<FlowSummaryResponseDto[]>;
}

/** How many list answers (distinct queries) are kept, the least recently used dropped first. */
const KEPT_LISTS = 64;
/** At most this many characters of list answers are kept in all (about 16 MB of memory). */
const KEPT_LISTS_MAX_CHARS = 8 << 20;
/** A longer list answer (about 4,000 summaries) is built each time rather than kept. */
const KEPT_LIST_MAX_CHARS = 1 << 20;

@Injectable()
export class FlowsService {
  /** The list answers, by query (see findSummaries). */
  private readonly summaries = new LRUCache<string, KeptList>({
    max: KEPT_LISTS,
    maxSize: KEPT_LISTS_MAX_CHARS,
    maxEntrySize: KEPT_LIST_MAX_CHARS,
    sizeCalculation: (list) => list.body.length,
  });

  constructor(@InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>) {}

  async create(dto: CreateFlowDto): Promise<JsonText<FlowResponseDto>> {
    const rows: unknown = await this.flows.query(
      `INSERT INTO hedge_fund_flows AS flow (name, description, nodes, edges, viewport, data, is_template, tags)
       VALUES ($1, $2, $3::jsonb, $4::jsonb, $5::jsonb, $6::jsonb, $7, $8::jsonb)
       RETURNING ${FLOW_RESPONSE_JSON}::text AS body`,
      [dto.name, dto.description ?? null, jsonParameter(dto.nodes), jsonParameter(dto.edges), jsonParameter(dto.viewport), jsonParameter(dto.data), dto.is_template ?? false, jsonParameter(dto.tags ?? [])],
    );
    return onlyBody<FlowResponseDto>(rows);
  }

  async list(query: ListFlowsQueryDto): Promise<JsonText<FlowSummaryResponseDto[]>> {
    return this.findSummaries({ includeTemplates: query.include_templates ?? true, search: query.search, limit: query.limit, offset: query.offset });
  }

  /** The anchor's `GET /flows/search/{name}`: every flow (templates included) whose name contains `name`. */
  async searchByName(name: string): Promise<JsonText<FlowSummaryResponseDto[]>> {
    return this.findSummaries({ includeTemplates: true, search: name });
  }

  async get(id: number): Promise<JsonText<FlowResponseDto>> {
    const body = bodyOf<FlowResponseDto>(await this.flows.query(`SELECT ${FLOW_RESPONSE_JSON}::text AS body FROM hedge_fund_flows AS flow WHERE flow.id = $1`, [id]));
    if (body === null) throw new NotFoundError(FLOW_NOT_FOUND);
    return body;
  }

  /** Absent and `null` fields are left unchanged; `updated_at` moves on every update. */
  async update(id: number, dto: UpdateFlowDto): Promise<JsonText<FlowResponseDto>> {
    const changes: QueryPartialEntity<FlowEntity> = { updatedAt: () => 'now()' };
    if (given(dto.name)) changes.name = dto.name;
    if (given(dto.description)) changes.description = dto.description;
    if (given(dto.nodes)) changes.nodes = dto.nodes;
    if (given(dto.edges)) changes.edges = dto.edges;
    if (given(dto.viewport)) changes.viewport = dto.viewport;
    if (given(dto.data)) changes.data = dto.data;
    if (given(dto.is_template)) changes.isTemplate = dto.is_template;
    if (given(dto.tags)) changes.tags = dto.tags;
    const result = await this.flows.update({ id }, jsonColumns(changes));
    if (result.affected === 0) throw new NotFoundError(FLOW_NOT_FOUND);
    return this.get(id);
  }

  /** Deletes the flow; its runs and their cycles go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    const result = await this.flows.delete({ id });
    if (result.affected === 0) throw new NotFoundError(FLOW_NOT_FOUND);
  }

  /**
   * Copies graph, viewport, data and tags inside the database (a graph can weigh megabytes). The copy
   * is never a template; its default name is "<name> (Copy)", the original shortened to fit 200 chars.
   */
  async duplicate(id: number, newName?: string): Promise<JsonText<FlowResponseDto>> {
    const body = bodyOf<FlowResponseDto>(
      await this.flows.query(
        `INSERT INTO hedge_fund_flows AS flow (name, description, nodes, edges, viewport, data, is_template, tags)
         SELECT COALESCE($2, left(source.name, $3) || $4), source.description, source.nodes, source.edges, source.viewport, source.data, false, source.tags
         FROM hedge_fund_flows AS source WHERE source.id = $1
         RETURNING ${FLOW_RESPONSE_JSON}::text AS body`,
        [id, newName ?? null, FLOW_NAME_MAX - COPY_SUFFIX.length, COPY_SUFFIX],
      ),
    );
    if (body === null) throw new NotFoundError(FLOW_NOT_FOUND);
    return body;
  }

  /**
   * 404 unless the flow exists. With `lock`, the flow row stays locked until the caller's transaction
   * ends (run numbering uses it to serialise the runs of one flow); pass the transaction's manager.
   */
  async requireFlow(id: number, manager: EntityManager = this.flows.manager, lock = false): Promise<void> {
    const query = manager.createQueryBuilder(FlowEntity, 'flow').select('flow.id', 'id').where('flow.id = :id', { id });
    if (lock) query.setLock('pessimistic_write');
    const row = await query.getRawOne<{ id: number }>();
    if (row === undefined) throw new NotFoundError(FLOW_NOT_FOUND);
  }

  /**
   * The summaries in one statement: PostgreSQL filters, orders, pages and builds the JSON array (see flows.mapper.ts).
   * A NULL limit is LIMIT ALL; a NULL pattern filters nothing. The array keeps the subquery's order: the aggregate
   * reads the sorted, paged rows of one table in turn (no join, and json_agg never runs in parallel), as the
   * PostgreSQL manual describes for aggregates over a sorted subquery. An ORDER BY inside json_agg would sort the
   * built JSON a second time, which doubled the statement's time on PostgreSQL 15.
   *
   * Answers are kept per query with the flows' revision they were built at (`hedge_fund_flows_revision`, moved by
   * a trigger on every write to the flows, from any process): the statement reads the revision and builds the
   * array only when it differs from the kept answer's, in the same snapshot. An unchanged list costs one lookup
   * of one row instead of reading, sorting and writing every summary.
   */
  private async findSummaries(options: FlowListOptions): Promise<JsonText<FlowSummaryResponseDto[]>> {
    const pattern = options.search !== undefined && options.search !== '' ? likeSubstringPattern(options.search) : null;
    const parameters = [options.includeTemplates, pattern, options.limit ?? null, options.offset ?? 0];
    const key = JSON.stringify(parameters);
    const kept = this.summaries.get(key);
    const rows: unknown = await this.flows.query(
      `SELECT revision::text AS revision,
              CASE WHEN revision::text = $5 THEN NULL ELSE
                (SELECT coalesce(json_agg(${FLOW_SUMMARY_JSON}), '[]')::text
                 FROM (SELECT ${FLOW_SUMMARY_COLUMNS} FROM hedge_fund_flows
                       WHERE ($1 OR NOT is_template) AND ($2::text IS NULL OR name ILIKE $2 ESCAPE '\\')
                       ORDER BY updated_at DESC, id DESC LIMIT $3 OFFSET $4) AS flow)
              END AS body
       FROM hedge_fund_flows_revision`,
      [...parameters, kept?.revision ?? null],
    );
    const [row] = rows as { revision: string; body: string | null }[];
    if (row === undefined) throw new Error('hedge_fund_flows_revision has no row (see its migration)');
    if (row.body !== null) {
      // (An answer longer than KEPT_LIST_MAX_CHARS is not kept: LRUCache refuses it.)
      this.summaries.set(key, { revision: row.revision, body: row.body });
      return row.body;
    }
    if (kept === undefined) throw new Error('The flows list statement built no array');
    return kept.body;
  }
}
