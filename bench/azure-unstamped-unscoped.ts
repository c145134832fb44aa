/** Ablation: no stamping and one process-wide CDKTF token registry, against `azure-unstamped` (see azure-ablation.ts). */
import { ablation } from './azure-ablation';

ablation('azure-unstamped-unscoped', 'stamping', 'tokenScope');
