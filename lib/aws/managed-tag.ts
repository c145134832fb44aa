/** Tag on everything vend creates in a member account; the protect-security-baseline SCP keys on it. */
export const MANAGED_TAG = 'vend:managed';
