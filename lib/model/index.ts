// The cloud-neutral model. No cloud SDK, aws-cdk-lib or cdktf import anywhere in this folder.
export * from './catalog';
export * from './diagnostic';
export * from './effective-unit';
export * from './hierarchy';
export * from './inventory';
export * from './load-catalog';
export * from './model';
export * from './naming';
export * from './render-scp';
export * from './schema';
export * from './source-file';
export * from './validate';
export * from './generate-catalog';
export * from './quotas';
export * from './cidr';
