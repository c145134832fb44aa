/**
 * The load-balancer access-log buckets: one per PoP region in the Central account (ELB writes only
 * to a bucket of the load balancer's region), with the log-delivery policy the ELB user guide
 * documents ("Enable access logs for your Network Load Balancer").
 */
import { AccessLogParameter, shardOf, stackNames } from '../../lib/aws';
import type { VendModel } from '../../lib/model';
import { bundledModel, resourcesOfType, synthesize, type Synthesized } from './support';

let model: VendModel;
let synth: Synthesized;
beforeAll(() => {
  model = bundledModel();
  synth = synthesize(model);
});

describe('the access-log StackSet', () => {
  test('gives each PoP region a group whose log sources are exactly that region\'s active PoP accounts', () => {
    const [, stackSet] = resourcesOfType(synth.json('Vend-AccessLogs'), 'AWS::CloudFormation::StackSet')[0];
    const pops = model.units.filter((u) => u.cloud === 'aws' && u.kind === 'PoP' && u.lifecycle === 'active');
    for (const group of stackSet.Properties.StackInstancesGroup) {
      const [region] = group.Regions;
      const accounts = group.ParameterOverrides.find((p: any) => p.ParameterKey === AccessLogParameter.SourceAccounts).ParameterValue;
      const expected = pops.filter((p) => p.region === region).map((p) => stackNames.accounts(shardOf(p)));
      // A comma-joined list of each PoP account's accounts-stack output, in name order.
      const parts = accounts['Fn::Join'][1].filter((a: unknown) => typeof a !== 'string').map((a: any) => a['Fn::GetStackOutput'].StackName);
      expect(parts).toEqual(expected);
      const arns = group.ParameterOverrides.find((p: any) => p.ParameterKey === AccessLogParameter.SourceArns).ParameterValue;
      expect(JSON.stringify(arns)).toContain(`:logs:${region}:`);
    }
    expect(stackSet.Properties.StackInstancesGroup.length).toBe(new Set(pops.map((p) => p.region)).size);
  });
});

describe('the access-log bucket template', () => {
  const bucketPolicy = () => resourcesOfType(synth.libraryJson('AccessLogBucket'), 'AWS::S3::BucketPolicy')[0][1].Properties.PolicyDocument.Statement as any[];
  const sources = {
    StringEquals: { 'aws:SourceAccount': { Ref: AccessLogParameter.SourceAccounts } },
    ArnLike: { 'aws:SourceArn': { Ref: AccessLogParameter.SourceArns } },
  };

  test('lets log delivery check the bucket and write under load-balancers/AWSLogs/, only for the region\'s PoP accounts', () => {
    const statements = bucketPolicy();
    expect(statements.find((s) => s.Sid === 'AWSLogDeliveryAclCheck')).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Condition: sources,
    });
    const write = statements.find((s) => s.Sid === 'AWSLogDeliveryWrite');
    expect(write).toMatchObject({ Effect: 'Allow', Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject' });
    expect(write.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': { Ref: AccessLogParameter.SourceAccounts }, 's3:x-amz-acl': 'bucket-owner-full-control' },
      ArnLike: { 'aws:SourceArn': { Ref: AccessLogParameter.SourceArns } },
    });
    expect(JSON.stringify(write.Resource)).toContain('/load-balancers/AWSLogs/*');
  });

  test('is named <prefix><region> and encrypted with its own rotating key that log delivery may use under the same conditions', () => {
    const template = synth.libraryJson('AccessLogBucket');
    const [, bucket] = resourcesOfType(template, 'AWS::S3::Bucket')[0];
    expect(bucket.Properties.BucketName).toEqual({ 'Fn::Join': ['', [{ Ref: AccessLogParameter.BucketNamePrefix }, { Ref: 'AWS::Region' }]] });
    const [, key] = resourcesOfType(template, 'AWS::KMS::Key')[0];
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement.find((s: any) => s.Sid === 'LogDelivery')).toMatchObject({
      Principal: { Service: 'delivery.logs.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: sources,
    });
  });
});
