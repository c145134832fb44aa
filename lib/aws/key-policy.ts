import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The first statements of every vend key policy. The key belongs to its own account, so only that
 * account's IAM roles (subject to their own policies) can use or manage it; and nobody but an AWS
 * service acting for an AWS resource may create grants on it (the statement AWS Control Tower's
 * proactive control CT.KMS.PR.3 asks for: grants are how a principal could hand the key to someone
 * the key policy does not name). Services that need the key get narrow statements after these.
 */
export function accountKeyStatements(): iam.PolicyStatement[] {
  return [accountRolesOnlyStatement(), awsServiceGrantsOnlyStatement()];
}

export function accountRolesOnlyStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AccountRolesOnly',
    principals: [new iam.AccountRootPrincipal()],
    actions: ['kms:*'],
    resources: ['*'],
  });
}

/** Deny kms:CreateGrant unless the grant is for an AWS resource or the caller is an AWS service. */
export function awsServiceGrantsOnlyStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'GrantsForAwsResourcesOnly',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  });
}
