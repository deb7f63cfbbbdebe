export * from './bearer-auth';
export * from './domain-error';
export * from './parse-id.pipe';
export * from './problem-details';
export * from './problem-details.filter';
export * from './query-transforms';
export * from './request-id';
export * from './validation';
