/** Reading an inventory snapshot named on the command line: refused paths, then located problems. */
import { CatalogError, loadInventory, type Inventory } from '../model';
import { refuseSpecialPath } from './paths';

export function readInventoryFile(file: string, flag = '--inventory'): Inventory {
  refuseSpecialPath(file, flag);
  const loaded = loadInventory(file);
  if (!loaded.inventory) throw new CatalogError(loaded.diagnostics);
  return loaded.inventory;
}
