export * from './bearer-auth';
export * from './domain-error';
export * from './problem-details';
export * from './problem-details.filter';
export * from './request-id';
export * from './validation';
