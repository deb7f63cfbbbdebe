import { ValidationError } from '../../core/http';
import { buildSweepTearsheet, sweepTearsheetInput } from './sweep-report';
import { buildTearsheet } from './tearsheet/build-tearsheet';
import { contentSecurityPolicy } from './tearsheet/page-assets';
import { sortableRows } from '../../../test/support/report-checks';

// A sweep's stored answer written by hand in the shape of POST /futures/sweep/report: two swept parameters
// (a number and a text), four combinations ranked by net P&L, the best not the first in grid order.
const score = (net: number, extra: Record<string, unknown> = {}) => ({
  p_pass: null,
  p_pass_starts: 0,
  net_pnl: net,
  net_pnl_after_fees: net - 49,
  profit_factor: net > 0 ? 1.25 : 0.8,
  sharpe: net / 1000,
  trades: 40,
  sessions: 60,
  attempts: 2,
  passed: net > 0 ? 1 : 0,
  failed: 1,
  ...extra,
});
const RANKING = [
  { rank: 1, index: 2, params: { target_r: 3, entry_mode: 'breakout' }, score: score(1520.5) },
  { rank: 2, index: 0, params: { target_r: 1.5, entry_mode: 'breakout' }, score: score(310) },
  { rank: 3, index: 3, params: { target_r: 3, entry_mode: 'pullback' }, score: score(-75.25, { profit_factor: null, sharpe: null }) },
  { rank: 4, index: 1, params: { target_r: 1.5, entry_mode: 'pullback' }, score: score(-990) },
];
const DAILY = [
  { date: '2024-03-01', pnl: 120, equity: 50_120 },
  { date: '2024-03-04', pnl: -60, equity: 50_060 },
  { date: '2024-03-05', pnl: 200, equity: 50_260 },
  { date: '2024-03-06', pnl: -49, equity: 50_211 },
];
const WALK_FORWARD = {
  train_days: 40,
  test_days: 2,
  objective: 'net_pnl',
  windows: [
    { index: 0, train: { start_date: '2024-01-02', end_date: '2024-02-28', sessions: 40 }, test: { start_date: '2024-03-01', end_date: '2024-03-04', sessions: 2 }, chosen: { index: 2, params: { target_r: 3, entry_mode: 'breakout' } }, in_sample: score(800), out_of_sample: score(60) },
    { index: 1, train: { start_date: '2024-01-04', end_date: '2024-03-01', sessions: 40 }, test: { start_date: '2024-03-05', end_date: '2024-03-06', sessions: 2 }, chosen: { index: 0, params: { target_r: 1.5, entry_mode: 'breakout' } }, in_sample: score(640), out_of_sample: score(151) },
  ],
  stitched: { start_date: '2024-03-01', end_date: '2024-03-06', sessions: 4, trades: 3, net_pnl: 260, net_pnl_after_fees: 211, profit_factor: 2.9, sharpe: 4.1, p_pass: null, start_equity: 50_000, end_equity: 50_211, daily: DAILY },
  degradation: { objective: 'net_pnl', in_sample: 18, out_of_sample: 52.75, degradation: -34.75, degradation_pct: -193.05555555555557, efficiency: 2.9305555555555554, net_pnl_per_session: { in_sample: 18, out_of_sample: 52.75, degradation: -34.75, efficiency: 2.9305555555555554 } },
};
const RESULTS = {
  symbol: 'MES',
  objective: 'net_pnl',
  combinations: 4,
  parameters: [
    { key: 'target_r', group: 'strategy', values: [1.5, 3] },
    { key: 'entry_mode', group: 'strategy', values: ['breakout', 'pullback'] },
  ],
  period: { start_date: '2024-01-02', end_date: '2024-03-06', sessions: 45 },
  ranking: RANKING,
  best: RANKING[0],
  walk_forward: null,
  data_source: 'synthetic',
  run_id: 7,
};
const REQUEST = { symbol: 'MES', account_size: '50K', strategy: { vwap_filter: false } };
const AT = '2026-01-01T00:00:00.000Z';

function page(results: Record<string, unknown>, request: Record<string, unknown> = REQUEST): string {
  return buildTearsheet(sweepTearsheetInput({ results, request, subject: 'Run 7', origin: 'GET /flows/1/runs/7/report.html' }, AT)).html;
}

function headings(html: string, id: string): string[] {
  const table = new RegExp(`<table class="data" id="${id}"[\\s\\S]*?</thead>`).exec(html)?.[0] ?? '';
  return [...table.matchAll(/<button type="button">([^<]*)<\/button>/g)].map((m) => m[1]);
}

const cell = (value: unknown): string => (value === null ? '' : String(value));

describe('the sweep page', () => {
  it('lists the stored ranking row for row (rank, grid index, each parameter, the scores), the best highlighted', () => {
    const html = page(RESULTS);
    expect(headings(html, 'ranking-table')).toEqual(['Rank', 'Grid #', 'target_r', 'entry_mode', 'Net P&amp;L', 'Net after fees', 'Profit factor', 'Sharpe', 'Trades', 'Passed', 'Failed']);
    const expected = RANKING.map((r) =>
      [r.rank, r.index, r.params.target_r, r.params.entry_mode, r.score.net_pnl, r.score.net_pnl_after_fees, r.score.profit_factor, r.score.sharpe, r.score.trades, r.score.passed, r.score.failed].map(cell),
    );
    const rows = sortableRows(html, 'ranking-table');
    expect(rows.map((r) => r.cells)).toEqual(expected);
    expect(rows.map((r) => r.best)).toEqual([true, false, false, false]);
    expect(html).toContain('<td class="num" data-v="1520.5">$1,520.50</td>');
    expect(html).toContain('<td class="num" data-v="">—</td>');
    expect(html).toContain('<td class="num" data-key="best.score.net_pnl" data-value="1520.5">$1,520.50</td>');
    expect(html).toContain('<td class="num" data-key="best.index" data-value="2">2</td>');
  });

  it('highlights the stored best wherever it stands, and shows P(pass) and its starts only when the sweep computed them', () => {
    const ranking = RANKING.map((r, i) => ({ ...r, score: { ...r.score, p_pass: [0.5, 0.25, null, 0][i], p_pass_starts: 44 } }));
    const html = page({ ...RESULTS, objective: 'p_pass', ranking, best: ranking[1] });
    expect(headings(html, 'ranking-table').slice(4, 7)).toEqual(['P(pass)', 'Starts', 'Net P&amp;L']);
    const rows = sortableRows(html, 'ranking-table');
    expect(rows.map((r) => r.best)).toEqual([false, true, false, false]);
    expect(rows.map((r) => r.cells.slice(4, 6))).toEqual([['0.5', '44'], ['0.25', '44'], ['', '44'], ['0', '44']]);
    expect(html).toContain('combinations ranked by p_pass (best first, undefined values last), each rolling attempt at most 60 sessions.');
  });

  it('without a walk-forward: no windows, no stitched curve, no degradation', () => {
    const html = page(RESULTS);
    expect(html).not.toContain('id="walk-forward"');
    expect(html).not.toContain('id="windows-table"');
    expect(html).not.toContain('data-chart');
    expect(html).not.toContain('id="degradation"');
  });

  it('with a walk-forward: the windows, the stitched out-of-sample equity and the degradation figures as stored', () => {
    const html = page({ ...RESULTS, walk_forward: WALK_FORWARD });
    expect(html).toContain('<section id="walk-forward"><h2>Walk-forward (2 windows: 40 training sessions, then 2 test sessions)</h2>');
    expect(headings(html, 'windows-table')).toEqual(['Window', 'Train', 'Train sessions', 'Test', 'Test sessions', 'Chosen #', 'target_r', 'entry_mode', 'In-sample net_pnl', 'Out-of-sample net_pnl', 'Out-of-sample net P&amp;L', 'Out-of-sample trades']);
    expect(sortableRows(html, 'windows-table').map((r) => r.cells)).toEqual(
      WALK_FORWARD.windows.map((w) =>
        [w.index + 1, `${w.train.start_date} → ${w.train.end_date}`, w.train.sessions, `${w.test.start_date} → ${w.test.end_date}`, w.test.sessions, w.chosen.index, w.chosen.params.target_r, w.chosen.params.entry_mode, w.in_sample.net_pnl, w.out_of_sample.net_pnl, w.out_of_sample.net_pnl, w.out_of_sample.trades].map(cell),
      ),
    );
    expect(html).toContain('<figure data-chart="stitched-equity"><svg');
    expect(html).toContain('4 points: the equity after each test session');
    const figures = new Map([...html.matchAll(/data-key="(walk_forward\.[^"]+)" data-value="([^"]*)"/g)].map((m) => [m[1], JSON.parse(m[2].replace(/&quot;/g, '"')) as unknown]));
    expect(figures.get('walk_forward.degradation.efficiency')).toBe(WALK_FORWARD.degradation.efficiency);
    expect(figures.get('walk_forward.degradation.degradation_pct')).toBe(WALK_FORWARD.degradation.degradation_pct);
    expect(figures.get('walk_forward.degradation.net_pnl_per_session.out_of_sample')).toBe(52.75);
    expect(figures.get('walk_forward.stitched.net_pnl_after_fees')).toBe(211);
    expect(figures.get('walk_forward.stitched.end_equity')).toBe(50_211);
    expect(html).toContain('data-key="walk_forward.degradation.degradation_pct" data-value="-193.05555555555557">-193.06 %</td>');
  });

  it('says in its header what was swept, on which account and data, and labels synthetic data', () => {
    const html = page(RESULTS);
    expect(html).toContain('<h1>MES parameter sweep · 50K combine · 4 combinations by net_pnl</h1>');
    expect(html).toContain('<li>MES opening-range breakout on a 50K combine account; base strategy.vwap_filter=false.</li>');
    expect(html).toContain('<li>Swept strategy.target_r: 1.5, 3.</li><li>Swept strategy.entry_mode: breakout, pullback.</li>');
    expect(html).toContain('<dd data-field="period">2024-01-02 → 2024-03-06 (45 sessions)</dd>');
    expect(html).toContain(`<dd data-field="generated">${AT}</dd>`);
    expect(html).toContain('data-synthetic="true"');
    const csv = page({ ...RESULTS, data_source: 'csv' }, { account_size: 'none' });
    expect(csv).not.toContain('data-synthetic');
    expect(csv).toContain('on a no prop-firm rules account');
  });

  it('is one self-contained page under the same policy as the other reports, its text escaped', () => {
    const tearsheet = buildSweepTearsheet({ ...RESULTS, symbol: '<b>MES</b>', walk_forward: WALK_FORWARD }, {}, AT);
    expect(tearsheet.contentSecurityPolicy).toBe(contentSecurityPolicy(true));
    expect(tearsheet.html.match(/<script>/g)).toHaveLength(1);
    expect(tearsheet.html.match(/<style>/g)).toHaveLength(1);
    expect(tearsheet.html).not.toContain('<b>MES</b>');
    expect(tearsheet.html).toContain('&lt;b&gt;MES&lt;/b&gt; parameter sweep');
    expect(tearsheet.html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('reads a parameter only from the row itself: one named like an Object property (constructor) is an empty cell', () => {
    const ranking = RANKING.map((row) => ({ ...row, params: { target_r: row.params.target_r } }));
    const parameters = [...RESULTS.parameters, { key: 'constructor', group: 'strategy', values: [1] }];
    const html = page({ ...RESULTS, parameters, ranking, best: ranking[0] });
    expect(headings(html, 'ranking-table').slice(2, 5)).toEqual(['target_r', 'entry_mode', 'constructor']);
    const rows = sortableRows(html, 'ranking-table');
    expect(rows.map((r) => r.cells.slice(2, 5))).toEqual(ranking.map((r) => [String(r.params.target_r), '', '']));
    expect(html).toContain('data-key="best.params.constructor" data-value="null"');
  });

  it.each([
    ['no ranking', { ranking: undefined }, 'Run 7 has no report: results.ranking is not a list.'],
    ['an empty ranking', { ranking: [] }, 'Run 7 has no report: its results hold no ranking (results.ranking is empty).'],
    ['a score that is not a number', { ranking: [RANKING[0], { ...RANKING[1], score: { ...RANKING[1].score, net_pnl: '310' } }] }, 'Run 7 has no report: results.ranking[1].score.net_pnl is not a number.'],
    ['no best', { best: null }, 'Run 7 has no report: results.best is not an object.'],
    ['more rows than a sweep can rank', { ranking: Array.from({ length: 10_001 }, (_, i) => ({ ...RANKING[0], rank: i + 1, index: i })) }, 'Run 7 has no report: results.ranking holds 10001 rows; a sweep ranks at most 10000.'],
    ['a walk-forward without windows', { walk_forward: { ...WALK_FORWARD, windows: 'none' } }, 'Run 7 has no report: walk_forward.windows is not a list.'],
    ['a stitched day without a date', { walk_forward: { ...WALK_FORWARD, stitched: { ...WALK_FORWARD.stitched, daily: [DAILY[0], { ...DAILY[1], date: '03/04/2024' }] } } }, 'Run 7 has no report: walk_forward.stitched.daily[1].date is not a date.'],
  ])('a stored answer with %s is a 422 naming it', (_name, change, detail) => {
    let thrown: unknown;
    try {
      page({ ...RESULTS, ...change });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).message).toBe(detail);
    expect((thrown as ValidationError).errors).toEqual([{ field: 'run_id', message: detail }]);
  });
});
