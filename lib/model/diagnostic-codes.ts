/**
 * Every diagnostic code vend validate can report, with what it means: the rule table of the README
 * ("Validation"), the SARIF rule descriptions, and a test that every code a fixture produces is
 * listed here all read this one table. A code missing here fails test/model/rules.test.ts; a row
 * missing from the README fails test/model/diagnostic-codes.test.ts.
 */
export interface CodeInfo {
  /** Where the check lives: reading files, the schema, or a semantic rule. */
  readonly stage: 'file' | 'schema' | 'rule';
  /** What is wrong, in one line. */
  readonly title: string;
}

const file = (title: string): CodeInfo => ({ stage: 'file', title });
const schema = (title: string): CodeInfo => ({ stage: 'schema', title });
const rule = (title: string): CodeInfo => ({ stage: 'rule', title });

export const DIAGNOSTIC_CODES: Readonly<Record<string, CodeInfo>> = {
  'missing-file': file('a file the catalog needs does not exist'),
  'missing-directory': file('a folder the catalog needs does not exist'),
  'not-a-file': file('a path is a folder or device, not a regular file'),
  'outside-folder': file('a symbolic link leads outside the catalog, templates or policies folder'),
  'unreadable-file': file('a file cannot be read'),
  'file-too-large': file('a file is larger than catalog files may be'),
  'binary-file': file('a file is binary, not text'),
  'not-utf8': file('a file is not UTF-8 text'),
  'empty-file': file('a file is empty'),
  'yaml-syntax': file('YAML that does not parse (syntax, duplicate keys, alias bombs)'),
  'json-syntax': file('JSON that does not parse'),
  'json-duplicate-key': file('JSON that names one key twice in an object (JSON.parse would keep the last)'),
  'json-depth': file('JSON nested deeper than any file vend writes'),
  'policy-path': file('a control names a policy file outside the policies folder'),
  'policy-missing': file('a control names a policy file that cannot be read'),
  'scp-shape': file('an SCP file is not an IAM policy document'),
  'azure-policy-shape': file('an Azure Policy file lacks displayName or policyRule'),
  'unknown-key': schema('a key the format does not have (with a did-you-mean hint)'),
  schema: schema('a value of the wrong type, size or form'),
  'file-name': schema('a unit or control is not in the file named after it'),
  'duplicate-name': rule('two units share a name'),
  'duplicate-identity': rule('two units would manage one account (root e-mail or adopted id) or subscription (adopted id)'),
  'name-too-long': rule('the account e-mail or subscription alias is over the cloud\'s limit'),
  'construct-id': rule('two names become the same construct id in the synthesized stacks'),
  'unknown-environment': rule('a unit names an environment the organization does not have'),
  'unknown-region': rule('organization.yaml allows an AWS region that does not exist'),
  'cloud-not-configured': rule('a unit is in a cloud organization.yaml does not configure'),
  'region-not-allowed': rule('a unit is in a region the organization does not allow'),
  'cidr-syntax': rule('a network is not an IPv4 network address'),
  'cidr-size': rule('a network is outside /16 to /28'),
  'network-too-small': rule('a network cannot hold the subnets its baseline carves'),
  'network-range': rule('a network outside its environment\'s ranges in organization.yaml'),
  'network-required': rule('a kind whose baseline builds a network has no network.cidr'),
  'cidr-overlap': rule('two networks that meet (same environment or PoP) overlap'),
  'pop-not-allowed': rule('a unit other than a Space names a PoP'),
  'pop-required': rule('a Space names no PoP'),
  'unknown-pop': rule('a Space names a PoP that does not exist'),
  'not-a-pop': rule('a Space names a unit that is not a PoP'),
  'pop-environment': rule('a Space reaches a PoP of another environment'),
  'pop-cross-cloud': rule('a Space names a PoP in the other cloud (Private Link connects only within one cloud)'),
  'pop-decommissioned': rule('an active Space reaches a PoP being decommissioned'),
  'pop-region': rule('an AWS Space reaches a PoP in another region'),
  'byok-kind': rule('a customer-managed key on a unit that is not a Space'),
  'byok-tenancy': rule('a customer-managed key on a multi-tenant Space'),
  'byok-cloud': rule('a customer-managed key of the other cloud'),
  'byok-region': rule('a KMS key in another region than its Space'),
  'zones-unknown': rule('an AWS unit\'s region has no Availability Zone ids in organization.yaml'),
  'zone-region': rule('Availability Zone ids for a region the organization does not allow'),
  'zone-duplicate': rule('a region lists the same Availability Zone id twice'),
  'zone-mixed': rule('a region\'s Availability Zone ids belong to different regions'),
  'pop-tls': rule('an AWS PoP without a PoP domain and Private CA for its region'),
  'cloudformation-quota': rule('the management account would hold more stacks or StackSets, or an accounts stack more resources or parameters, than CloudFormation allows'),
  'group-undeclared': rule('an AWS unit grants access to a group organization.yaml does not declare'),
  'group-parameter': rule('two declared groups share one SSM parameter name'),
  'tag-key': rule('a tag key the cloud reserves or rejects, or one vend writes itself'),
  'protected-decommission': rule('a protected unit is marked decommissioned'),
  'tenancy-kind': rule('tenancy on a unit that is not a Space'),
  'duplicate-template': rule('two templates cover one kind'),
  'missing-template': rule('no template for a kind in use'),
  'unknown-control': rule('a template lists a control that does not exist'),
  'control-attachment': rule('a template lists a control that attaches itself elsewhere'),
  'hierarchy-depth': rule('the hierarchy is deeper than OUs or management groups allow'),
  'scp-too-large': rule('an SCP is over the size quota'),
  'scp-count': rule('an OU would have more SCPs than the per-target quota'),
  'policy-too-large': rule('an Azure Policy definition is over the size limit'),
  'policy-assignment-count': rule('a management group would have more assignments than allowed'),
  'policy-rule': rule('an Azure Policy definition Azure would reject'),
  'policy-name-collision': rule('two Azure Policy files share a basename'),
  'policy-parameter': rule('an Azure Policy parameter without a default that vend does not fill'),
  'declarative-shape': file('a declarative policy file that is not { "ec2_attributes": … } with @@assign values'),
  'rcp-too-large': rule('an RCP is over the size quota'),
  'rcp-count': rule('an OU would have more RCPs than the per-target quota'),
  'declarative-too-large': rule('a declarative policy is over the size quota'),
  'declarative-count': rule('an OU would have more declarative policies than the per-target quota'),
  'declarative-value': rule('a declarative policy sets a value AWS does not accept'),
  'policy-shape': rule('an SCP or RCP that is not a valid IAM policy document'),
  'rcp-service': rule('an RCP names a service RCPs do not apply to'),
  'unknown-action': rule('an SCP or RCP names an action the service reference does not have'),
  'unknown-operator': rule('an SCP or RCP uses an unknown condition operator'),
  'unknown-condition-key': rule('an SCP or RCP uses an unknown condition key'),
  'unsupported-condition-key': rule('an SCP or RCP conditions an action on a key it never carries'),
  'unknown-placeholder': rule('a policy uses a {{placeholder}} vend does not fill'),
};

export function codeTitle(code: string): string {
  return DIAGNOSTIC_CODES[code]?.title ?? code;
}
