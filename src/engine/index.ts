// The one import surface of the engine for src/modules and src/cli.
export * from './data/types';
export * from './errors';
export * from './intraday';
export * from './metrics';
export * from './synthetic';
