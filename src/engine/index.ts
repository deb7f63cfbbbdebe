// The one import surface of the engine for src/modules and src/cli.
export * from './data/types';
export * from './errors';
export * from './metrics';
export * from './portfolio/types';
export * from './portfolio/ledger';
export * from './agents/types';
export * from './agents/registry';
export * from './agents/risk-manager';
export * from './agents/portfolio-manager';
export { technicalAnalyst, analyzeTechnicals } from './agents/technical-analyst';
export { fundamentalsAnalyst, analyzeFundamentals } from './agents/fundamentals-analyst';
export { growthAnalyst, analyzeGrowth } from './agents/growth-analyst';
export { sentimentAnalyst, analyzeSentiment } from './agents/sentiment-analyst';
export * from './backtest/types';
export * from './backtest/engine';
export * from './backtest/rule-pipeline';
export { WindowedData } from './backtest/windowed-data';
export { MemoryData, type MemoryDataset } from './backtest/memory-data';
