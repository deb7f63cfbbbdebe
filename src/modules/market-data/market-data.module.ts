import { Module } from '@nestjs/common';
import { ApiKeyLookup, ConfigApiKeyLookup } from './api-key-lookup';
import { MarketDataController } from './market-data.controller';
import { MarketDataPort } from './market-data.port';
import { MarketDataService } from './market-data.service';
import { MarketDataCache } from './market-data-cache';
import { CsvProvider } from './providers/csv.provider';
import { FinancialDatasetsClient } from './providers/financial-datasets.client';
import { FinancialDatasetsProvider } from './providers/financial-datasets.provider';
import { SyntheticProvider } from './providers/synthetic.provider';

/** Market data for agents, backtests and the inspection routes; inject `MarketDataPort`. */
@Module({
  controllers: [MarketDataController],
  providers: [
    SyntheticProvider,
    CsvProvider,
    FinancialDatasetsClient,
    MarketDataCache,
    FinancialDatasetsProvider,
    MarketDataService,
    { provide: MarketDataPort, useExisting: MarketDataService },
    { provide: ApiKeyLookup, useClass: ConfigApiKeyLookup },
  ],
  exports: [MarketDataPort, ApiKeyLookup],
})
export class MarketDataModule {}
