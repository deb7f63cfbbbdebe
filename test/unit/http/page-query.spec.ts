// The one paging query DTO: each list route's bounds, with query strings turned into integers.
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListFlowRunCyclesQueryDto, ListFlowRunsQueryDto } from '../../../src/modules/flow-runs/dto/list-query.dto';
import { ListFlowsQueryDto } from '../../../src/modules/flows/dto/list-flows-query.dto';

function check<T extends object>(dto: new () => T, query: Record<string, string>): { value: T; problems: string[] } {
  const value = plainToInstance(dto, query);
  return { value, problems: validateSync(value).flatMap((e) => Object.values(e.constraints ?? {})) };
}

describe('PageQueryDto', () => {
  it.each([
    [ListFlowRunsQueryDto, '100', '101'],
    [ListFlowRunCyclesQueryDto, '1000', '1001'],
    [ListFlowsQueryDto, '1000', '1001'],
  ] as const)('%p: limit 1..max, offset ≥ 0, as integers', (dto, max, overMax) => {
    expect(check(dto, { limit: max, offset: '3' })).toEqual({ value: expect.objectContaining({ limit: Number(max), offset: 3 }), problems: [] });
    expect(check(dto, { limit: overMax }).problems).toEqual([`limit must not be greater than ${max}`]);
    expect(check(dto, { limit: '0' }).problems).toEqual(['limit must not be less than 1']);
    expect(check(dto, { offset: '-1' }).problems).toEqual(['offset must not be less than 0']);
    expect(check(dto, { limit: 'ten' }).problems).toContain('limit must be an integer number');
  });

  it("keeps a route's own filters beside the page", () => {
    expect(check(ListFlowsQueryDto, { include_templates: 'false', search: 'orb', limit: '5' }).value).toEqual(
      expect.objectContaining({ include_templates: false, search: 'orb', limit: 5 }),
    );
  });
});
