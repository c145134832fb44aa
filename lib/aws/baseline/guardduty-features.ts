import type * as guardduty from 'aws-cdk-lib/aws-guardduty';

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
