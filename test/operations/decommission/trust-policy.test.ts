import { DENY_ALL_TRUST, externalGrants } from '../../../lib/operations/aws/decommission';

const ME = '111111111111';
const policy = (...statements: object[]) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));

describe('trust from outside the account', () => {
  test.each<[string, object, string[]]>([
    ['another account', { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' } }, ['account arn:aws:iam::222222222222:root']],
    ['a bare account id', { Effect: 'Allow', Principal: { AWS: '222222222222' } }, ['account 222222222222']],
    ['a role in another account (list)', { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${ME}:role/x`, 'arn:aws:iam::333333333333:role/y'] } }, ['account arn:aws:iam::333333333333:role/y']],
    ['everyone', { Effect: 'Allow', Principal: '*' }, ['everyone *']],
    ['everyone as AWS *', { Effect: 'Allow', Principal: { AWS: '*' } }, ['everyone *']],
    ['an OIDC provider', { Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${ME}:oidc-provider/token.actions.githubusercontent.com` } }, [`federated arn:aws:iam::${ME}:oidc-provider/token.actions.githubusercontent.com`]],
    ['a SAML provider', { Effect: 'Allow', Principal: { Federated: [`arn:aws:iam::${ME}:saml-provider/CorpIdP`] } }, [`federated arn:aws:iam::${ME}:saml-provider/CorpIdP`]],
    ['NotPrincipal', { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::222222222222:root' } }, ['not-principal everyone but {"AWS":"arn:aws:iam::222222222222:root"}']],
    ['a canonical user', { Effect: 'Allow', Principal: { CanonicalUser: 'abc' } }, ['account canonical user abc']],
  ])('%s', (_what, statement, grants) => {
    expect(externalGrants(policy(statement), ME).map((g) => `${g.kind} ${g.who}`)).toEqual(grants);
  });

  test.each<[string, object]>([
    ['the account itself', { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ME}:root` } }],
    ['its own id', { Effect: 'Allow', Principal: { AWS: ME } }],
    ['an STS session of the account', { Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${ME}:assumed-role/r/s` } }],
    ['a GovCloud role of the account', { Effect: 'Allow', Principal: { AWS: `arn:aws-us-gov:iam::${ME}:role/r` } }],
    ['a service', { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' } }],
    ['a deny', { Effect: 'Deny', Principal: { AWS: '*' } }],
  ])('not %s', (_what, statement) => {
    expect(externalGrants(policy(statement), ME)).toEqual([]);
  });

  test('a single statement object, plain JSON, an absent document, and an unreadable one (which fails closed)', () => {
    expect(externalGrants(JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*' } }), ME)).toHaveLength(1);
    expect(externalGrants(undefined, ME)).toEqual([]);
    expect(externalGrants('%7Bnot json', ME)).toEqual([{ kind: 'everyone', who: 'an unreadable trust policy' }]);
    expect(externalGrants(JSON.stringify({ Version: '2012-10-17' }), ME)).toEqual([]);
  });

  test('the revoked trust lets nobody in', () => {
    expect(externalGrants(DENY_ALL_TRUST, ME)).toEqual([]);
    expect(JSON.parse(DENY_ALL_TRUST).Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Principal: { AWS: '*' } })]);
  });
});
