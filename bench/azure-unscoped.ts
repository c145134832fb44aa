/** Ablation: the Azure library path with one process-wide CDKTF token registry (see azure-ablation.ts). */
import { ablation } from './azure-ablation';

ablation('azure-unscoped', 'tokenScope');
