export * from './entry';
export * from './signer';
export * from './anchor';
export * from './file';
export * from './inspect';
export * from './ledger';
export * from './settings';
