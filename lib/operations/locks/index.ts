export * from './store';
export * from './lock';
export * from './file-store';
export * from './s3-store';
