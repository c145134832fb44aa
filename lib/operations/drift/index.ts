export * from './drift';
export * from './format';
