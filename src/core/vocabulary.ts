/** Lifecycle stages of a version, in order (MLflow's workflow; aliases are the primary pointer). */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Roles a version plays in an endpoint's traffic: `stable`, `canary` and `arm` answer clients by weight,
 * `shadow` receives mirrored requests, `standby` stays loaded with no traffic (instant rollback).
 */
export const ROLES = ['stable', 'canary', 'shadow', 'arm', 'standby'] as const;
export type Role = (typeof ROLES)[number];
