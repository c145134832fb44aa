import type { IConstruct } from 'constructs';
import { App, Validations, type Environment, type IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { awsLogDeliveryAudience, awsLogDeliveryTrust, deliversToAws, type AwsLogDeliveryTrust } from '../model/cross-cloud-trust';
import { activeCentrals, activeSpacesOf, KIND_DEPLOY_ORDER, type EffectiveUnit, type TemplateSpec, type UnitKind, type VendModel } from '../model';
import { awsDeploymentRegion } from '../model/aws-deployment';
import { deployBatch } from '../model/deploy-batch';
import { AccountsStack } from './accounts/accounts-stack';
import { BaselineStack } from './baseline/baseline-stack';
import { CentralStackSetStack } from './cross-cloud/central-stack-set-stack';
import { principalIdParameter } from './cross-cloud/azure-trust-templates';
import { azureLogDeliveryPrincipalId } from './platform-lookups';
import { BaselineParameter } from './baseline/parameters';
import { TEMPLATE_FEATURE_FLAGS, TemplateLibrary } from './baseline/template-library';
import { IdentityStack } from './identity/identity-stack';
import { acknowledgeManagementFindings } from './nag/acknowledgements';
import { accessLogBucketPrefix, logArchiveBucketName } from './bucket-names';
import { AccessLogsStack } from './logging/access-logs-stack';
import { PopAccessStack } from './network/pop-access-stack';
import { OrganizationStack } from './organization/organization-stack';
import { SecurityStack } from './security/security-stack';
import { CachedCloudFormationValidation, cloudFormationValidation } from './validation/cached-validation';
import { ACCOUNT_CREATION_LANES, groupByShard, shardSlug, stackNames, type ShardKey } from './topology';

export interface VendAwsAppProps {
  /**
   * Where the cloud assembly is written.
   * @default - `CDK_OUTDIR` under the CDK CLI, else a temporary directory
   */
  readonly outdir?: string;
  /**
   * Run cdk-nag (AWS Solutions) as a validation plugin; synthesis fails on unacknowledged findings.
   * @default false
   */
  readonly nag?: boolean;
  /**
   * Run aws-cdk-lib's CloudFormation validator (also off when `CDK_VALIDATION=false`), each
   * distinct template once and cached between runs (validation/cached-validation.ts). Its findings
   * are errors (`@aws-cdk/core:validateAgainstDefaultRules`).
   * @default true
   */
  readonly validation?: boolean;
  /** Extra context (feature flags) for the app. */
  readonly context?: Record<string, unknown>;
  /**
   * More policy-validation plugins (for example cfn-guard with the Control Tower rules, in CI), run
   * over the management-account stacks and over every member-account template.
   * @default - none
   */
  readonly validationPlugins?: IPolicyValidationPluginBeta1[];
  /**
   * Create at most `maxNewAccounts` accounts in this deploy (model/deploy-batch.ts); `existing` are
   * the units whose accounts exist (an inventory's `vend:unit` tags). Deferred units are left out.
   * @default - every unit of the catalog
   */
  readonly batch?: { readonly existing: ReadonlySet<string>; readonly maxNewAccounts: number };
}

/** Kinds in the order their baselines must exist (the model's one order). */
const KIND_ORDER: readonly UnitKind[] = KIND_DEPLOY_ORDER;

export { accessLogBucketPrefix, logArchiveBucketName } from './bucket-names';

/**
 * The AWS realization of a vend model: a CDK App whose stacks are all deployed in the management
 * account (`cdk deploy --all`) and reach member accounts through self-managed StackSets.
 */
export class VendAwsApp {
  readonly app: App;
  readonly library: TemplateLibrary;
  readonly organization: OrganizationStack;
  readonly identity: IdentityStack;
  readonly security?: SecurityStack;
  /** The Central account's per-region load-balancer access-log buckets (when there are AWS PoPs). */
  readonly accessLogs?: AccessLogsStack;
  readonly accounts = new Map<string, AccountsStack>();
  /** New units this deploy leaves for a later one (props.batch). */
  readonly deferred: readonly string[];
  readonly baselines = new Map<string, BaselineStack>();
  readonly popAccess = new Map<string, PopAccessStack>();
  /** The AWS side of the Azure Spaces' keyless log delivery (OIDC provider, then role shards). */
  readonly crossCloudTrust?: CentralStackSetStack;
  readonly crossCloudTrustShards = new Map<string, CentralStackSetStack>();
  /** The CloudFormation validator shared by the template library and this app (undefined when off). */
  readonly cloudFormationValidation?: CachedCloudFormationValidation;
  private readonly accountsOfUnit = new Map<string, AccountsStack>();

  constructor(readonly model: VendModel, props: VendAwsAppProps = {}) {
    const org = model.catalog.organization.spec;
    if (!org.aws) throw new Error('organization.yaml has no `aws` section; the AWS realization needs one');
    // Sorted here as well as in the model: nothing below may depend on catalog order.
    const catalogUnits = model.units.filter((u) => u.cloud === 'aws').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const batch = props.batch ? deployBatch(catalogUnits, props.batch.existing, props.batch.maxNewAccounts) : undefined;
    const units = batch?.included ?? catalogUnits;
    this.deferred = batch?.deferred ?? [];
    const centrals = activeCentrals(units, 'aws');
    if (units.length > 0 && centrals.length !== 1) {
      throw new Error(
        `the AWS realization needs exactly one active Central unit (log archive, delegated administrator); found ${centrals.length}: ${centrals.map((u) => u.name).join(', ') || 'none'}`,
      );
    }
    const central = centrals[0];
    this.cloudFormationValidation = props.validation === false ? undefined : cloudFormationValidation();
    this.app = new App({
      outdir: props.outdir,
      analyticsReporting: false,
      // No tree.json (12 MB at 2,000 units, 1.4 s to build and write): only the construct explorer and
      // the CDK CLI's notices and telemetry read it, and the CLI proceeds without it (toolkit-lib
      // api/tree.ts loadTree: a missing file is an empty tree). aws-cdk-lib AppProps.treeMetadata.
      treeMetadata: false,
      // The built-in validator's engine, shared with the template library and cached (below).
      builtinCloudFormationValidation: false,
      // No stack traces in cdk.out: they hold this machine's absolute paths. `stackTraces: false`
      // sets aws:cdk:disable-stack-trace (annotations); aws:cdk:disable-creation-stack-traces drops
      // each construct's aws:cdk:creationStack (aws-cdk-lib cx-api/lib/app.d.ts; CDK_DEBUG=1 turns
      // it back on for debugging).
      stackTraces: false,
      context: {
        'aws:cdk:disable-creation-stack-traces': true,
        ...TEMPLATE_FEATURE_FLAGS,
        '@aws-cdk/core:validateAgainstDefaultRules': true,
        // Weak references (Fn::GetStackOutput): removing a unit never deadlocks on an export still imported elsewhere.
        '@aws-cdk/core:defaultCrossStackReferences': 'weak',
        ...props.context,
      },
    });

    // Everything deploys from the management account: CreateAccount, CreateOrganizationalUnit and
    // the security services' EnableOrganizationAdminAccount can be called only there (Organizations
    // API reference, "API operations by account"), and self-managed StackSets administer from it.
    const managementAccount = org.aws.managementAccountId;
    const env: Environment = { account: managementAccount, region: awsDeploymentRegion(units, org.aws.regions) };

    const baselines = new Map<UnitKind, TemplateSpec['baseline']>();
    for (const unit of units) if (!baselines.has(unit.kind)) baselines.set(unit.kind, unit.baseline);
    const azureShards = azureLogDeliveryShards(model);
    const zones = org.aws.availabilityZoneIds ?? {};
    const unzoned = [...new Set(units.filter((u) => u.lifecycle === 'active' && !zones[u.region]).map((u) => u.region))];
    if (unzoned.length > 0) {
      throw new Error(`organization.yaml aws.availabilityZoneIds has no zone ids for ${unzoned.join(', ')}; every AWS VPC pins its subnets by zone id`);
    }
    this.library = new TemplateLibrary({
      baselines,
      availabilityZoneIds: zones,
      organization: org.name,
      pops: org.aws.pops,
      linkedRegions: org.aws.regions.filter((r) => r !== central?.region),
      nag: props.nag,
      validation: this.cloudFormationValidation ?? false,
      validationPlugins: props.validationPlugins,
      azureLogDelivery:
        azureShards.size > 0 && org.azure
          ? { issuer: `https://sts.windows.net/${org.azure.tenantId}/`, audience: awsLogDeliveryAudience(org), shards: azureShards }
          : undefined,
    });

    this.organization = new OrganizationStack(this.app, stackNames.organization, { env, model });
    this.identity = new IdentityStack(this.app, stackNames.identity, { env, instanceArn: org.aws.identityCenterInstanceArn });

    // Accounts, one stack per shard, in lanes that bound concurrent CreateAccount requests.
    const shards = groupByShard(units);
    for (const { shard, units: shardUnits } of shards) {
      const stack = new AccountsStack(this.app, stackNames.accounts(shard), {
        env,
        units: shardUnits,
        organization: this.organization,
        identity: this.identity,
      });
      this.accounts.set(shardSlug(shard), stack);
      for (const unit of shardUnits) this.accountsOfUnit.set(unit.name, stack);
    }
    // Everything below hangs off the Central unit: log archive, delegated administrator.
    if (central) {

      const centralAccountId = this.accountIdAnywhere(central.name);
      const bucketName = logArchiveBucketName(org.name, centralAccountId);
      this.accessLogs = this.addAccessLogs(units, env, accessLogBucketPrefix(org.name, centralAccountId), centralAccountId);
      const ordered = [...shards].sort((a, b) => KIND_ORDER.indexOf(a.shard.kind) - KIND_ORDER.indexOf(b.shard.kind));
      let centralBaseline: BaselineStack | undefined;
      for (const { shard, units: shardUnits } of ordered) {
        const stack = new BaselineStack(this.app, stackNames.baseline(shard), {
          env,
          units: shardUnits,
          stackSetName: stackSetName(shard),
          templateBody: this.library.body(this.library.baselineStacks.get(shard.kind)!),
          accounts: this.accountsOfUnit.get(shardUnits[0].name)!,
          organization: this.organization,
          managementAccountId: managementAccount,
          logArchiveBucketName: bucketName,
          accessLogBucketPrefix: accessLogBucketPrefix(org.name, centralAccountId),
          popDomain: org.aws.pops?.domain,
          popServiceName: (pop, scope) => this.popBaseline(pop)?.endpointServiceNameIn(scope, pop),
        });
        this.baselines.set(shardSlug(shard), stack);
        if (shard.kind === 'Central') centralBaseline = stack;
        else if (centralBaseline) stack.addStackDependency(centralBaseline, 'flow logs need the log archive');
        if (shard.kind === 'PoP') {
          if (this.accessLogs) stack.addStackDependency(this.accessLogs, 'load balancers log to the access-log bucket of their region');
          for (const pop of shardUnits) this.addPopAccess(pop, units, env);
        }
        if (shard.kind === 'Space') {
          // Once per PoP, not per Space: aws-cdk-lib's cycle check walks every path of the stack graph on each call.
          const accessStacks = new Set<PopAccessStack>();
          for (const space of shardUnits) {
            const access = space.network?.pop ? this.popAccess.get(space.network.pop) : undefined;
            if (access && space.lifecycle === 'active') accessStacks.add(access);
          }
          for (const access of accessStacks) stack.addStackDependency(access, 'the PoP must allow the Space before it connects');
        }
      }

      this.security = new SecurityStack(this.app, stackNames.security, {
        env,
        organization: org.name,
        rootId: this.organization.rootId,
        services: central.baseline.securityServices,
        centralAccountId,
        centralRegion: central.region,
        regions: org.aws.regions,
        regionalSecurityTemplateBody: this.library.body(this.library.regionalSecurity),
        logArchiveBucketName: bucketName,
        organizationId: this.organization.organizationId,
        securityAdminTemplateBody: this.library.body(this.library.securityAdmin),
      });
      if (centralBaseline) this.security.addStackDependency(centralBaseline, 'the trail writes to the log archive');

      // Azure Spaces deliver logs into the data lake with their Entra tokens: an OIDC provider and a
      // role per Space in the Central account, sharded like accounts so a new Space touches one shard.
      const centralTarget = { accountId: centralAccountId, regions: [central.region] };
      if (this.library.azureOidcProvider) {
        const provider = new CentralStackSetStack(this.app, stackNames.crossCloudTrust, {
          env,
          stackSet: {
            ...centralTarget,
            stackSetName: 'vend-azure-oidc-provider',
            description: 'vend: IAM OIDC identity provider for the Entra tenant',
            templateBody: this.library.body(this.library.azureOidcProvider),
            capabilities: ['CAPABILITY_IAM'],
          },
        });
        this.crossCloudTrust = provider;
        for (const { shard, units: spaces } of groupByShard(azureSpaces(model))) {
          const slug = shardSlug(shard);
          const stack = new CentralStackSetStack(this.app, stackNames.crossCloudTrustShard(shard), {
            env,
            stackSet: {
              ...centralTarget,
              stackSetName: `vend-azure-log-delivery-${slug.toLowerCase()}`,
              description: 'vend: log-delivery roles of Azure Spaces',
              templateBody: this.library.body(this.library.azureLogDelivery.get(slug)!),
              capabilities: ['CAPABILITY_NAMED_IAM'],
            },
            parameters: (scope) =>
              Object.fromEntries([
                [BaselineParameter.LogArchiveBucketName, bucketName],
                ...spaces.map((space) => [principalIdParameter(space.name), azureLogDeliveryPrincipalId(scope, space.name)]),
              ]),
          });
          stack.addStackDependency(provider, 'roles trust the OIDC provider');
          this.crossCloudTrustShards.set(slug, stack);
        }
      }
    }

    // Last: aws-cdk-lib's cycle check on each added dependency walks every path from the stack it
    // depends on, and the lanes are long paths; added before the rest they made wiring 6x slower.
    const accountStacks = [...this.accounts.values()];
    accountStacks.forEach((stack, i) => {
      if (i >= ACCOUNT_CREATION_LANES) stack.addStackDependency(accountStacks[i - ACCOUNT_CREATION_LANES], 'CreateAccount concurrency lane');
    });

    acknowledgeManagementFindings(this.app);
    if (props.nag) Validations.of(this.app).addPlugins(new AwsSolutionsChecks(this.app));
    if (props.validationPlugins?.length) Validations.of(this.app).addPlugins(...props.validationPlugins);
    // Last, where aws-cdk-lib puts its built-in validator.
    if (this.cloudFormationValidation) Validations.of(this.app).addPlugins(this.cloudFormationValidation);
  }

  /** The account id (a deploy-time token) of an AWS unit, as the stack of `scope` reads it. */
  accountId(unitName: string, scope: IConstruct): string {
    return this.accountsStackOf(unitName).accountId(unitName, scope);
  }

  /** The account id of an AWS unit for values handed out before their consumers exist: read in whichever stack uses it. */
  private accountIdAnywhere(unitName: string): string {
    return this.accountsStackOf(unitName).accountIdAnywhere(unitName);
  }

  private accountsStackOf(unitName: string): AccountsStack {
    const stack = this.accountsOfUnit.get(unitName);
    if (!stack) throw new Error(`unit '${unitName}' is not an AWS unit of this app`);
    return stack;
  }

  private addAccessLogs(units: readonly EffectiveUnit[], env: Environment, prefix: string, centralAccountId: string): AccessLogsStack | undefined {
    const popAccounts = new Map<string, string[]>();
    for (const pop of units.filter((u) => u.kind === 'PoP' && u.lifecycle === 'active' && u.baseline.network.exposesEndpointService)) {
      popAccounts.set(pop.region, [...(popAccounts.get(pop.region) ?? []), this.accountIdAnywhere(pop.name)]);
    }
    if (popAccounts.size === 0) return undefined;
    return new AccessLogsStack(this.app, stackNames.accessLogs, {
      env,
      centralAccountId,
      bucketNamePrefix: prefix,
      popAccounts,
      templateBody: this.library.body(this.library.accessLogBucket),
    });
  }

  private popBaseline(pop: string): BaselineStack | undefined {
    for (const stack of this.baselines.values()) if (stack.endpointService(pop)) return stack;
    return undefined;
  }

  private addPopAccess(pop: EffectiveUnit, units: readonly EffectiveUnit[], env: Environment): void {
    if (pop.lifecycle !== 'active' || !pop.baseline.network.exposesEndpointService) return;
    const service = this.popBaseline(pop.name)?.endpointService(pop.name);
    // Kept when the last Space leaves: its StackSet then has no instance, so CloudFormation removes
    // the permissions instead of leaving the last Space allowed in a stack nothing deploys any more.
    const spaces = activeSpacesOf(units, pop.name);
    if (!service) return;
    this.popAccess.set(
      pop.name,
      new PopAccessStack(this.app, stackNames.popAccess(pop.name), {
        env,
        pop,
        serviceId: service.id,
        spaces: spaces.map((s) => s.name),
        accountId: (unit, scope) => this.accountId(unit, scope),
        templateBody: this.library.body(this.library.popAccess),
      }),
    );
  }
}

/** Active Azure Spaces, which deliver logs to the AWS data lake. */
function azureSpaces(model: VendModel): EffectiveUnit[] {
  return model.units.filter((u) => deliversToAws(u) && u.lifecycle === 'active');
}

function azureLogDeliveryShards(model: VendModel): Map<string, Map<string, AwsLogDeliveryTrust>> {
  if (!model.catalog.organization.spec.azure) return new Map();
  return new Map(
    groupByShard(azureSpaces(model)).map(({ shard, units }) => [
      shardSlug(shard),
      new Map(units.map((u) => [u.name, awsLogDeliveryTrust(model, u)])),
    ]),
  );
}

function stackSetName(shard: ShardKey): string {
  return `vend-baseline-${shardSlug(shard).toLowerCase()}`;
}
