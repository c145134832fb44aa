/**
 * Values the pipeline knows only once the organization exists (its id, its root id, the Identity
 * Center instance, directory group ids). They are read at deploy time from SSM parameters in the
 * management account, so `cdk synth` needs no credentials and nobody pastes ids into the catalog.
 * The pipeline writes them once (see the README); CloudFormation fails clearly if one is missing.
 */
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';

export const LOOKUP_PREFIX = '/vend';

export const lookupParameterNames = {
  organizationId: `${LOOKUP_PREFIX}/organization/id`,
  rootId: `${LOOKUP_PREFIX}/organization/root-id`,
  identityCenterInstanceArn: `${LOOKUP_PREFIX}/identity-center/instance-arn`,
  /** Identity-store group id of a directory group; characters SSM does not allow become `-`. */
  /** Entra object id of an Azure Space's log-delivery identity (the Space's Terraform output). */
  azureLogDeliveryPrincipal: (space: string) => `${LOOKUP_PREFIX}/azure/spaces/${space}/log-delivery-principal-id`,
  group: (group: string) => `${LOOKUP_PREFIX}/identity-center/groups/${group.replace(/[^A-Za-z0-9_.-]/g, '-')}`,
};

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
