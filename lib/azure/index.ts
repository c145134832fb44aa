// The Azure realization with CDKTF. The CDKTF core is imported only through ./cdktf.
export * from './backend';
export * from './names';
export * from './policy/plan';
export { KNOWN_EFFECTS, POLICY_MODES, validatePolicyDefinition, type PolicyFinding } from '../model/azure-policy-rule';
export * from './roles';
export * from './synthesize';
export { synthesizeAzureInParallel, type ParallelSynthesisOptions } from './parallel-synthesis';
export { SubscriptionStack, type SubscriptionStackProps } from './subscription-stack';
export { TenantStack, type TenantStackProps } from './tenant-stack';
