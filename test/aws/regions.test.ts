/**
 * The model's list of AWS Regions (lib/model/aws-regions.ts) is aws-cdk-lib's: the model may not
 * import aws-cdk-lib, so this test is what keeps the copy honest when aws-cdk-lib is upgraded.
 */
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AWS_REGIONS } from '../../lib/model/aws-regions';

describe('AWS regions known to vend validate', () => {
  test('are exactly the regions aws-cdk-lib knows', () => {
    expect([...AWS_REGIONS]).toEqual(RegionInfo.regions.map((r) => r.name).sort());
  });
});
