// The one import surface of the engine for src/modules and src/cli.
export * from './data/types';
export * from './errors';
export * from './portfolio/types';
export * from './portfolio/ledger';
export * from './agents/types';
export * from './agents/registry';
export * from './backtest/types';
