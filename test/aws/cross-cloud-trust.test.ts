import { Match } from 'aws-cdk-lib/assertions';
import { awsLogDeliveryTrust } from '../../lib/model/cross-cloud-trust';
import { shardOf, stackNames } from '../../lib/aws';
import { principalIdParameter } from '../../lib/aws/cross-cloud/azure-trust-templates';
import type { VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  model = bundledModel();
  synth = synthesize(model);
});

const azureSpaces = () => model.units.filter((u) => u.cloud === 'azure' && u.kind === 'Space' && u.lifecycle === 'active');
const TENANT = '00000000-0000-4000-8000-000000000001';

describe('the AWS side of Azure log delivery', () => {
  test('creates one IAM OIDC provider for the Entra tenant with the agreed audience, in the Central account', () => {
    synth.library('AzureOidcProvider').hasResourceProperties('AWS::IAM::OIDCProvider', {
      Url: `https://sts.windows.net/${TENANT}/`,
      ClientIdList: ['api://00000000-0000-4000-8000-000000000001/vend-acme-aws-log-delivery'],
    });
    const [, stackSet] = resourcesOfType(synth.json(stackNames.crossCloudTrust), 'AWS::CloudFormation::StackSet')[0];
    const accounts = stackSet.Properties.StackInstancesGroup[0].DeploymentTargets.Accounts;
    expect(accounts[0]['Fn::GetStackOutput'].StackName).toBe(stackNames.accounts(shardOf(model.unit('central-aws-prod')!)));
  });

  test('creates a role per active Azure Space, named as the Azure side expects', () => {
    expect(azureSpaces().length).toBeGreaterThan(0);
    for (const space of azureSpaces()) {
      const trust = awsLogDeliveryTrust(model, space);
      const slug = stackNames.crossCloudTrustShard(shardOf(space)).replace('Vend-CrossCloudTrust-', '');
      synth.library(`AzureLogDelivery-${slug}`).hasResourceProperties('AWS::IAM::Role', {
        RoleName: trust.awsRoleName,
        AssumeRolePolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Action: 'sts:AssumeRoleWithWebIdentity',
              Principal: { Federated: { 'Fn::Join': ['', Match.arrayWith([`:oidc-provider/sts.windows.net/${TENANT}/`])] } },
              Condition: {
                StringEquals: {
                  [`sts.windows.net/${TENANT}/:aud`]: 'api://00000000-0000-4000-8000-000000000001/vend-acme-aws-log-delivery',
                  [`sts.windows.net/${TENANT}/:sub`]: { Ref: principalIdParameter(space.name) },
                },
              },
            },
          ],
        },
      });
    }
  });

  test('lets each role write only under its Space\'s prefix of the data lake', () => {
    for (const space of azureSpaces()) {
      const slug = stackNames.crossCloudTrustShard(shardOf(space)).replace('Vend-CrossCloudTrust-', '');
      const template = synth.libraryJson(`AzureLogDelivery-${slug}`);
      const role = resourcesOfType(template, 'AWS::IAM::Role').find(([, r]) => r.Properties.RoleName === awsLogDeliveryTrust(model, space).awsRoleName)!;
      const statements = role[1].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);
      const s3 = statements.filter((s: any) => JSON.stringify(s.Action).includes('s3:'));
      expect(s3).toHaveLength(1);
      expect(s3[0].Action).toBe('s3:PutObject');
      expect(JSON.stringify(s3[0].Resource)).toContain(`/azure/${space.name}/*`);
      const kms = statements.find((s: any) => s.Action === 'kms:GenerateDataKey');
      // Bucket Keys: the encryption context is the bucket, the prefix is enforced on s3:PutObject.
      expect(kms.Condition.StringEquals['kms:EncryptionContext:aws:s3:arn']).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'LogArchiveBucketName' }]],
      });
      expect(s3[0].Resource).toEqual({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::', { Ref: 'LogArchiveBucketName' }, `/azure/${space.name}/*`]],
      });
    }
  });

  test('takes each principal id from the pipeline (SSM) and the bucket name from the Central account', () => {
    for (const space of azureSpaces()) {
      const template = synth.json(stackNames.crossCloudTrustShard(shardOf(space)));
      const [, stackSet] = resourcesOfType(template, 'AWS::CloudFormation::StackSet')[0];
      const param = stackSet.Properties.Parameters.find((p: any) => p.ParameterKey === principalIdParameter(space.name));
      expect(template.Parameters![param.ParameterValue.Ref].Default).toBe(`/vend/azure/spaces/${space.name}/log-delivery-principal-id`);
    }
  });

  test('creates nothing for AWS Spaces or decommissioned Azure Spaces', () => {
    const roles = [...synth.vend.library.azureLogDelivery.values()].flatMap((stack) =>
      resourcesOfType(synth.libraryJson(stack.node.id), 'AWS::IAM::Role').map(([, r]) => r.Properties.RoleName),
    );
    expect(roles.sort()).toEqual(azureSpaces().map((s) => awsLogDeliveryTrust(model, s).awsRoleName).sort());
  });
});
