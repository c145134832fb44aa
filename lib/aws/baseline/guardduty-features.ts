import type * as guardduty from 'aws-cdk-lib/aws-guardduty';
import { acknowledgeGuard } from '../nag/acknowledgements';

/**
 * A detector's protection plans (AWS::GuardDuty::Detector `Features`, which replace the deprecated
 * `DataSources`), from the Central template's `securityServices.guardDutyFeatures`. Runtime
 * Monitoring also manages the EKS agent, so the cluster add-on is enabled with it.
 */
export function guardDutyFeatures(names: readonly string[] = []): guardduty.CfnDetector.CFNFeatureConfigurationProperty[] | undefined {
  if (names.length === 0) return undefined;
  return names.map((name) => ({
    name,
    status: 'ENABLED',
    ...(name === 'RUNTIME_MONITORING' ? { additionalConfiguration: [{ name: 'EKS_ADDON_MANAGEMENT', status: 'ENABLED' }] } : {}),
  }));
}

/**
 * CT.GUARDDUTY.PR.1 reads S3 protection from the deprecated `DataSources.S3Logs`; a detector
 * configured through `Features` (GuardDuty rejects both in one detector) has it as S3_DATA_EVENTS.
 * Acknowledged only where that feature is really on.
 */
export function acknowledgeS3ProtectionAsFeature(detector: guardduty.CfnDetector, names: readonly string[] = []): void {
  if (!names.includes('S3_DATA_EVENTS')) return;
  acknowledgeGuard(detector, 'guardduty_s3_protection_enabled_check', 'S3 protection is on as the S3_DATA_EVENTS feature; the rule reads only the older DataSources form, which GuardDuty does not accept together with Features.');
}
