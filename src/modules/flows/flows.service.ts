import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import type { QueryPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { jsonColumns } from '../../core/database';
import { NotFoundError } from '../../core/http';
import { FLOW_NAME_MAX, type CreateFlowDto } from './dto/create-flow.dto';
import type { FlowResponseDto, FlowSummaryResponseDto } from './dto/flow-response.dto';
import type { ListFlowsQueryDto } from './dto/list-flows-query.dto';
import type { UpdateFlowDto } from './dto/update-flow.dto';
import { FlowEntity } from './flow.entity';
import { FLOW_SUMMARY_COLUMNS, toFlowResponse, toFlowSummaryResponse } from './flows.mapper';

const COPY_SUFFIX = ' (Copy)';

export const FLOW_NOT_FOUND = 'Flow not found';

/** `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function likeSubstringPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function given<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

export interface FlowListOptions {
  readonly includeTemplates: boolean;
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

@Injectable()
export class FlowsService {
  constructor(@InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>) {}

  async create(dto: CreateFlowDto): Promise<FlowResponseDto> {
    const flow = this.flows.create({
      name: dto.name,
      description: dto.description ?? null,
      nodes: dto.nodes,
      edges: dto.edges,
      viewport: dto.viewport ?? null,
      data: dto.data ?? null,
      isTemplate: dto.is_template ?? false,
      tags: dto.tags ?? [],
    });
    await this.flows.insert(jsonColumns<FlowEntity>(flow));
    return toFlowResponse(flow);
  }

  async list(query: ListFlowsQueryDto): Promise<FlowSummaryResponseDto[]> {
    return this.findSummaries({ includeTemplates: query.include_templates ?? true, search: query.search, limit: query.limit, offset: query.offset });
  }

  /** The anchor's `GET /flows/search/{name}`: every flow (templates included) whose name contains `name`. */
  async searchByName(name: string): Promise<FlowSummaryResponseDto[]> {
    return this.findSummaries({ includeTemplates: true, search: name });
  }

  async get(id: number): Promise<FlowResponseDto> {
    const flow = await this.flows.findOneBy({ id });
    if (flow === null) throw new NotFoundError(FLOW_NOT_FOUND);
    return toFlowResponse(flow);
  }

  /** Absent and `null` fields are left unchanged; `updated_at` moves on every update. */
  async update(id: number, dto: UpdateFlowDto): Promise<FlowResponseDto> {
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
  async duplicate(id: number, newName?: string): Promise<FlowResponseDto> {
    const rows = (await this.flows.query(
      `INSERT INTO hedge_fund_flows (name, description, nodes, edges, viewport, data, is_template, tags)
       SELECT COALESCE($2, left(name, $3) || $4), description, nodes, edges, viewport, data, false, tags
       FROM hedge_fund_flows WHERE id = $1
       RETURNING id`,
      [id, newName ?? null, FLOW_NAME_MAX - COPY_SUFFIX.length, COPY_SUFFIX],
    )) as { id: number }[];
    if (rows.length === 0) throw new NotFoundError(FLOW_NOT_FOUND);
    return this.get(rows[0].id);
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

  private async findSummaries(options: FlowListOptions): Promise<FlowSummaryResponseDto[]> {
    const query = this.flows
      .createQueryBuilder('flow')
      .select(FLOW_SUMMARY_COLUMNS.map((column) => `flow.${column}`))
      .orderBy('flow.updatedAt', 'DESC')
      .addOrderBy('flow.id', 'DESC');
    if (!options.includeTemplates) query.andWhere('flow.isTemplate = false');
    if (options.search !== undefined && options.search !== '') {
      query.andWhere(`flow.name ILIKE :pattern ESCAPE '\\'`, { pattern: likeSubstringPattern(options.search) });
    }
    if (options.limit !== undefined) query.limit(options.limit);
    if (options.offset !== undefined && options.offset > 0) query.offset(options.offset);
    const flows = await query.getMany();
    return flows.map(toFlowSummaryResponse);
  }
}
