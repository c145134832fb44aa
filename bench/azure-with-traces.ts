/** Ablation: the Azure library path with CDKTF's token stack traces recorded (see azure-ablation.ts). */
import { ablation } from './azure-ablation';

ablation('azure-with-traces', 'noTokenTraces');
