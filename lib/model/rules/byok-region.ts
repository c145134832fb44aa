import type { Rule } from './rule';

/**
 * A KMS key can only be used in its own Region ("AWS KMS keys are Regional resources":
 * docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html), so an AWS Space's
 * customer-managed key must be an ARN in the Space's region; a multi-Region key is named by the
 * ARN of its replica there. Key Vault key ids carry no location, so Azure keys are not checked here.
 */
export const byokRegion: Rule = (catalog) =>
  catalog.units.flatMap((unit) => {
    const key = unit.spec.encryption?.customerManagedKey;
    const region = key && /^arn:aws:kms:([a-z0-9-]+):/.exec(key)?.[1];
    if (!region || unit.spec.cloud !== 'aws' || region === unit.spec.region) return [];
    return [
      unit.source.at(
        ['encryption', 'customerManagedKey'],
        'byok-region',
        `the key is in ${region} but the Space is in ${unit.spec.region}; KMS keys work only in their own region (use the key's replica in ${unit.spec.region})`,
      ),
    ];
  });
