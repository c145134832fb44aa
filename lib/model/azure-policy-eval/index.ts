// A small Azure Policy evaluator: enough of the policy language for vend's own rules.
export * from './aliases';
export * from './evaluate';
export * from './expression';
export * from './fields';
export * from './operators';
export * from './request';
