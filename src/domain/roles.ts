/** Who uses the terminal: officers inspect, supervisors run the shift, administrators run the node. */
export type Role = 'officer' | 'supervisor' | 'admin';

export const ROLES: readonly Role[] = ['officer', 'supervisor', 'admin'];
