import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../../core/http';
import { BarsQueryDto, EventsQueryDto, FinancialMetricsQueryDto, LineItemsQueryDto, PricesQueryDto, TickerAsOfQueryDto } from './dto/market-data-query.dto';
import {
  BarsResponseDto,
  FinancialMetricsResponseDto,
  InsiderTradesResponseDto,
  LineItemsResponseDto,
  MarketCapResponseDto,
  NewsResponseDto,
  PricesResponseDto,
} from './dto/market-data-response.dto';
import { MarketDataError } from './market-data.error';
import { toBarsResponse, toPricesResponse } from './market-data.mapper';
import { MarketDataService, normalizeTicker } from './market-data.service';

/** Inspection routes: what the agents and backtests would read, from any provider. */
@ApiTags('market-data')
@ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'Bad ticker, malformed date, end before start or range too long.' })
@Controller('market-data')
export class MarketDataController {
  constructor(private readonly marketData: MarketDataService) {}

  @Get('prices')
  @ApiOperation({ summary: 'Daily OHLCV bars of a ticker over an inclusive date range' })
  @ApiOkResponse({ type: PricesResponseDto })
  async prices(@Query() query: PricesQueryDto): Promise<PricesResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const prices = await this.marketData.getPrices(query.ticker, query.start_date, query.end_date, { provider: provider.name });
    return toPricesResponse(provider, normalizeTicker(query.ticker), prices);
  }

  @Get('bars')
  @ApiOperation({ summary: 'Regular-session 1-minute bars of a futures symbol for one day (date) or a range' })
  @ApiOkResponse({ type: BarsResponseDto })
  async bars(@Query() query: BarsQueryDto): Promise<BarsResponseDto> {
    const startDate = query.start_date ?? query.date;
    const endDate = query.end_date ?? query.date ?? query.start_date;
    if (startDate === undefined || endDate === undefined) {
      throw new MarketDataError('INVALID_REQUEST', 'Give date, or start_date and end_date.', 'date');
    }
    const provider = this.marketData.provider(query.provider);
    const bars = await this.marketData.getMinuteBars(query.symbol, startDate, endDate, { provider: provider.name });
    return toBarsResponse(provider, bars, startDate, endDate);
  }

  @Get('financial-metrics')
  @ApiOperation({ summary: 'Financial metrics of the latest periods reported on or before end_date' })
  @ApiOkResponse({ type: FinancialMetricsResponseDto })
  async financialMetrics(@Query() query: FinancialMetricsQueryDto): Promise<FinancialMetricsResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const metrics = await this.marketData.getFinancialMetrics(query.ticker, query.end_date, query.period ?? 'ttm', query.limit ?? 10, { provider: provider.name });
    return { provider: provider.name, synthetic: provider.synthetic, financial_metrics: metrics.map((m) => ({ ...m })) };
  }

  @Get('line-items')
  @ApiOperation({ summary: 'Line items of the latest periods reported on or before end_date' })
  @ApiOkResponse({ type: LineItemsResponseDto })
  async lineItems(@Query() query: LineItemsQueryDto): Promise<LineItemsResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const names = query.line_items.split(',').map((name) => name.trim()).filter((name) => name !== '');
    const items = await this.marketData.searchLineItems(query.ticker, names, query.end_date, query.period ?? 'ttm', query.limit ?? 10, { provider: provider.name });
    return { provider: provider.name, synthetic: provider.synthetic, search_results: items.map((i) => ({ ...i })) };
  }

  @Get('insider-trades')
  @ApiOperation({ summary: 'Insider trades filed in [start_date, end_date], newest first' })
  @ApiOkResponse({ type: InsiderTradesResponseDto })
  async insiderTrades(@Query() query: EventsQueryDto): Promise<InsiderTradesResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const trades = await this.marketData.getInsiderTrades(query.ticker, query.end_date, query.start_date ?? null, query.limit ?? 1000, { provider: provider.name });
    return { provider: provider.name, synthetic: provider.synthetic, insider_trades: trades.map((t) => ({ ...t })) };
  }

  @Get('news')
  @ApiOperation({ summary: 'Company news dated in [start_date, end_date], newest first' })
  @ApiOkResponse({ type: NewsResponseDto })
  async news(@Query() query: EventsQueryDto): Promise<NewsResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const news = await this.marketData.getCompanyNews(query.ticker, query.end_date, query.start_date ?? null, query.limit ?? 1000, { provider: provider.name });
    return { provider: provider.name, synthetic: provider.synthetic, news: news.map((n) => ({ ...n })) };
  }

  @Get('market-cap')
  @ApiOperation({ summary: 'Market capitalisation on end_date' })
  @ApiOkResponse({ type: MarketCapResponseDto })
  async marketCap(@Query() query: TickerAsOfQueryDto): Promise<MarketCapResponseDto> {
    const provider = this.marketData.provider(query.provider);
    const marketCap = await this.marketData.getMarketCap(query.ticker, query.end_date, { provider: provider.name });
    return { provider: provider.name, synthetic: provider.synthetic, ticker: normalizeTicker(query.ticker), end_date: query.end_date, market_cap: marketCap };
  }
}
