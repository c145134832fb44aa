export * from './clock';
export * from './gate';
export * from './limits';
export * from './map-limit';
export * from './retry';
export * from './semaphore';
export * from './token-bucket';
