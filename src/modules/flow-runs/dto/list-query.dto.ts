import { PageQueryDto } from '../../../core/http';

/** `GET /flows/{flow_id}/runs/?limit=50&offset=0` (the anchor's bounds: 422 outside). */
export class ListFlowRunsQueryDto extends PageQueryDto({ max: 100, defaultLimit: 50 }) {}

export const CYCLES_PAGE_MAX = 1000;

/** `GET /flows/{flow_id}/runs/{run_id}/cycles/` in cycle order. */
export class ListFlowRunCyclesQueryDto extends PageQueryDto({ max: CYCLES_PAGE_MAX, defaultLimit: CYCLES_PAGE_MAX }) {}
