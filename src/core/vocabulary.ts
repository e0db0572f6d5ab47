/** Lifecycle stages of a version, in order (MLflow's workflow; aliases are the primary pointer). */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/** Roles a version plays in an endpoint's traffic. */
export const ROLES = ['stable', 'canary', 'shadow', 'arm'] as const;
export type Role = (typeof ROLES)[number];
