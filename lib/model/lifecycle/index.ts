export * from './step';
export * from './member-roles';
export * from './aws-decommission';
export * from './azure-decommission';
export * from './sequence';
export * from './stack-deletion';
