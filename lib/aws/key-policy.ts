import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The first statement of every vend key policy: the key belongs to its own account, so only that
 * account's IAM roles (subject to their own policies) can use or manage it. Services that need the
 * key get their own narrow statements next to this one.
 */
export function accountRolesOnlyStatement(): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AccountRolesOnly',
    principals: [new iam.AccountRootPrincipal()],
    actions: ['kms:*'],
    resources: ['*'],
  });
}
