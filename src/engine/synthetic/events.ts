import { civilFromDays, daysFromCivil, formatIsoDay } from '../civil-days';
import { isTradingDay } from './calendar';
import { type DailySeries, indexAtOrBefore, lowerBound } from './daily';
import { type Rng, rngFor } from './rng';
import type { CompanyNews, InsiderTrade, NewsSentiment } from '../data/types';

const FIRST_NAMES = ['Alex', 'Jordan', 'Morgan', 'Taylor', 'Casey', 'Riley', 'Jamie', 'Avery', 'Quinn', 'Drew', 'Harper', 'Reese'];
const LAST_NAMES = ['Whitfield', 'Okafor', 'Lindqvist', 'Moreau', 'Tanaka', 'Castillo', 'Brennan', 'Novak', 'Haddad', 'Sorensen', 'Adeyemi', 'Kowalski'];
const TITLES: readonly [string, boolean][] = [
  ['Chief Executive Officer', false],
  ['Chief Financial Officer', false],
  ['Chief Operating Officer', false],
  ['General Counsel', false],
  ['Director', true],
  ['Director', true],
];

interface Insider {
  readonly name: string;
  readonly title: string;
  readonly isBoardDirector: boolean;
  readonly holding: number;
}

function insiders(ticker: string, seed: number): Insider[] {
  const rng = rngFor('insiders', ticker, seed);
  return TITLES.map(([title, isBoardDirector]) => ({
    name: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    title,
    isBoardDirector,
    holding: Math.round(Math.exp(rng.between(Math.log(20_000), Math.log(2_000_000)))),
  }));
}

function nthTradingDayAfter(day: number, count: number): number {
  let d = day;
  for (let left = count; left > 0; ) {
    d += 1;
    if (isTradingDay(d)) left -= 1;
  }
  return d;
}

function monthIndex(day: number): number {
  const { year, month } = civilFromDays(day);
  return year * 12 + month - 1;
}

/**
 * Insider trades, about 1.5 a month, filed two trading days after the transaction. Insiders mostly
 * sell, and buy more often after the stock has fallen; prices are that day's close. Sales carry
 * negative shares (as financialdatasets reports them). Newest filing first.
 */
export function insiderTradesOf(ticker: string, seed: number, series: DailySeries, endDay: number, startDay: number | null, limit: number): InsiderTrade[] {
  const roster = insiders(ticker, seed);
  const trades: InsiderTrade[] = [];
  const firstMonth = monthIndex(Math.max(series.days[0], startDay === null ? series.days[0] : startDay - 10));
  for (let m = monthIndex(endDay); m >= firstMonth && trades.length < limit; m -= 1) {
    const year = Math.floor(m / 12);
    const month = (m % 12) + 1;
    const rng = rngFor('insider-month', ticker, seed, m);
    const monthTrades: InsiderTrade[] = [];
    const count = rng.poisson(1.5);
    const first = daysFromCivil(year, month, 1);
    const length = (month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1)) - first;
    for (let t = 0; t < count; t += 1) {
      const index = indexAtOrBefore(series.days, first + rng.int(0, length - 1));
      const insider = rng.pick(roster);
      const shares = Math.round(Math.exp(rng.between(Math.log(500), Math.log(50_000))));
      const holding = Math.round(insider.holding * rng.between(0.6, 1.4));
      if (index < 0 || series.days[index] < first) continue;
      const txDay = series.days[index];
      const past = series.close[Math.max(0, index - 20)];
      const buyProbability = series.close[index] < past * 0.95 ? 0.55 : 0.2;
      const signed = rng.next() < buyProbability ? shares : -shares;
      const filingDay = nthTradingDayAfter(txDay, 2);
      if (filingDay > endDay || (startDay !== null && filingDay < startDay)) continue;
      const price = series.close[index];
      monthTrades.push({
        ticker,
        issuer: `${ticker} (synthetic issuer)`,
        name: insider.name,
        title: insider.title,
        is_board_director: insider.isBoardDirector,
        transaction_date: formatIsoDay(txDay),
        transaction_shares: signed,
        transaction_price_per_share: price,
        transaction_value: Math.round(signed * price * 100) / 100,
        shares_owned_before_transaction: holding,
        shares_owned_after_transaction: Math.max(0, holding + signed),
        security_title: 'Common Stock',
        filing_date: formatIsoDay(filingDay),
      });
    }
    monthTrades.sort((a, b) => (a.filing_date < b.filing_date ? 1 : a.filing_date > b.filing_date ? -1 : 0));
    trades.push(...monthTrades);
  }
  return trades.slice(0, limit);
}

const HEADLINES: Record<NewsSentiment, readonly string[]> = {
  positive: [
    '{T} shares climb as quarterly demand beats expectations',
    'Analysts raise {T} price targets after upbeat guidance',
    '{T} wins major multi-year contract',
    '{T} expands margins on cost discipline',
    'Investors cheer {T} product launch',
  ],
  negative: [
    '{T} slides after cautious outlook',
    'Regulators open inquiry into {T} sales practices',
    '{T} misses revenue estimates as orders slow',
    'Downgrade weighs on {T} shares',
    '{T} warns of supply-chain pressure on margins',
  ],
  neutral: [
    '{T} to present at industry conference next month',
    '{T} announces date of annual shareholder meeting',
    'What to watch in {T} earnings season',
    '{T} names new head of investor relations',
    '{T} trading volume in line with recent average',
  ],
};
const AUTHORS = ['Sam Carter', 'Lee Morgan', 'Robin Ellis', 'Pat Kim', null];

function sentimentFor(z: number, rng: Rng): NewsSentiment {
  const u = rng.next();
  if (z > 0.5) return u < 0.75 ? 'positive' : u < 0.9 ? 'neutral' : 'negative';
  if (z < -0.5) return u < 0.75 ? 'negative' : u < 0.9 ? 'neutral' : 'positive';
  return u < 0.6 ? 'neutral' : u < 0.8 ? 'positive' : 'negative';
}

/**
 * Headlines on trading days, more of them on big-move days, whose sentiment follows the day's return
 * (mostly positive on up days, negative on down days). Source and URL say the news is synthetic.
 * Newest first.
 */
export function companyNewsOf(ticker: string, seed: number, series: DailySeries, endDay: number, startDay: number | null, limit: number): CompanyNews[] {
  const news: CompanyNews[] = [];
  const lowest = lowerBound(series.days, startDay ?? series.days[0]);
  for (let i = indexAtOrBefore(series.days, endDay); i >= lowest && news.length < limit; i -= 1) {
    const day = series.days[i];
    const rng = rngFor('news', ticker, seed, day);
    const z = series.logReturn[i] / series.volatility[i];
    const count = rng.poisson(0.5 + 0.6 * Math.min(3, Math.abs(z)));
    const dayNews: CompanyNews[] = [];
    for (let k = 0; k < count; k += 1) {
      const sentiment = sentimentFor(z, rng);
      const hour = rng.int(11, 21);
      const minute = rng.int(0, 59);
      dayNews.push({
        ticker,
        title: rng.pick(HEADLINES[sentiment]).replace('{T}', ticker),
        author: rng.pick(AUTHORS),
        source: 'Synthetic Newswire',
        date: `${formatIsoDay(day)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`,
        url: `https://synthetic.invalid/news/${encodeURIComponent(ticker)}/${formatIsoDay(day)}/${k + 1}`,
        sentiment,
      });
    }
    dayNews.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
    news.push(...dayNews);
  }
  return news.slice(0, limit);
}
