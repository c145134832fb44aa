/**
 * A management account `vend bootstrap aws` can run in, on moto: the bundled catalog with moto's
 * account as the management account, and an organization with all features, an Identity Center
 * instance holding the catalog's groups, and the CDK bootstrap stack in the deployment region.
 * Shared by the bootstrap scenarios (test/operations/aws-bootstrap.test.ts) and the exit-code
 * contract (test/cli/exit-codes.test.ts).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CreateGroupCommand } from '@aws-sdk/client-identitystore';
import { CreateOrganizationCommand } from '@aws-sdk/client-organizations';
import { ListInstancesCommand } from '@aws-sdk/client-sso-admin';
import type { AwsClients } from '../../../lib/operations/aws/clients';
import { CATALOG } from './fixtures';

export const MOTO_ACCOUNT = '123456789012';
/** The bundled Central unit's region, where the regional one-time steps run. */
export const MANAGEMENT_REGION = 'eu-west-1';

/** A copy of the bundled catalog whose management account is this one; returns its folder. */
export function catalogManagedFrom(managementAccountId = MOTO_ACCOUNT): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'vend-bootstrap-')), 'catalog');
  cpSync(CATALOG, dir, { recursive: true });
  const org = path.join(dir, 'organization.yaml');
  writeFileSync(org, readFileSync(org, 'utf8').replace('"111111111111"', `"${managementAccountId}"`));
  return dir;
}

/** What a person sets up before `vend bootstrap aws`: nothing it would report as blocked. */
export async function seedManagementAccount(aws: AwsClients, groups: readonly string[]): Promise<void> {
  const regional = aws.inRegion(MANAGEMENT_REGION);
  await aws.inRegion('us-east-1').send('organizations', new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const instance = (await regional.send('sso-admin', new ListInstancesCommand({}))).Instances![0];
  for (const group of groups) await regional.send('identitystore', new CreateGroupCommand({ IdentityStoreId: instance.IdentityStoreId!, DisplayName: group }));
  await regional.send('cloudformation', new CreateStackCommand({ StackName: 'CDKToolkit', TemplateBody: '{"Resources":{"Topic":{"Type":"AWS::SNS::Topic"}}}' }));
}
