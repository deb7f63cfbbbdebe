export * from './calendar';
export * from './daily';
export * from './futures-specs';
export * from './minute-bars';
export * from './rng';
export * from './synthetic-market';
export * from './events';
export * from './fundamentals';
