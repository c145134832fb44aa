/**
 * The only module that imports the CDKTF core library.
 *
 * CDKTF is end-of-life upstream. Everything in lib/azure (and its tests) takes the core constructs
 * from here, so moving to the maintained fork is a change to this one file: swap the module name
 * below (and the `cdktf` dependency in package.json). Provider resource classes
 * (`@cdktf/provider-azurerm/lib/<resource>`) are imported where they are used.
 */
export {
  App,
  AzurermBackend,
  DataTerraformRemoteStateAzurerm,
  DataTerraformRemoteStateLocal,
  Fn,
  LocalBackend,
  TerraformDataSource,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  Testing,
  Token,
} from 'cdktf';
export type { TerraformResourceLifecycle, TerraformRemoteState } from 'cdktf';
