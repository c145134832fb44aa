/**
 * Values the pipeline knows only once the organization exists (its id, its root id, the Identity
 * Center instance, directory group ids). They are read at deploy time from SSM parameters in the
 * management account, so `cdk synth` needs no credentials and nobody pastes ids into the catalog.
 * `vend bootstrap aws` writes them (lib/operations/aws/bootstrap-steps.ts); CloudFormation fails clearly if one is missing.
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { SSM_PREFIX, ssmParameterNames } from '../model/aws-deployment';

export const LOOKUP_PREFIX = SSM_PREFIX;
export const lookupParameterNames = ssmParameterNames;

export function organizationId(scope: Construct): string {
  return ssm.StringParameter.valueForStringParameter(scope, lookupParameterNames.organizationId);
}

export function organizationRootId(scope: Construct): string {
  return ssm.StringParameter.valueForStringParameter(scope, lookupParameterNames.rootId);
}

export function identityCenterInstanceArn(scope: Construct, fromCatalog?: string): string {
  return fromCatalog ?? ssm.StringParameter.valueForStringParameter(scope, lookupParameterNames.identityCenterInstanceArn);
}

export function azureLogDeliveryPrincipalId(scope: Construct, space: string): string {
  return ssm.StringParameter.valueForStringParameter(scope, lookupParameterNames.azureLogDeliveryPrincipal(space));
}

export function groupId(scope: Construct, group: string): string {
  return ssm.StringParameter.valueForStringParameter(scope, lookupParameterNames.group(group));
}
