/** Ablation: the Azure library path with every unit stack built through CDKTF (see azure-ablation.ts). */
import { ablation } from './azure-ablation';

ablation('azure-unstamped', 'stamping');
