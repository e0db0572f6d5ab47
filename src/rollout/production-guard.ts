import type { RolloutSpec, VersionRef } from '../contract/index.js';
import { PROTECTED_ALIASES, versionUri } from '../core/index.js';
import type { ForcedOverride, Registry } from '../registry/index.js';

/**
 * A deploy puts its version into production when the endpoint's stable version is in Production, or when success
 * moves a protected alias (@champion) or the Production stage. Such a deploy refuses a version whose latest
 * validation failed, unless forced; the override is returned for the audit event.
 */
export async function guardProductionDeploy(
  registry: Registry,
  endpoint: string,
  stable: VersionRef | null,
  targetUri: string,
  onSuccess: RolloutSpec['onSuccess'] | null,
  force: boolean,
): Promise<ForcedOverride | undefined> {
  const stableInProduction = stable ? (await registry.getVersion(versionUri(stable.model, stable.version))).stage === 'Production' : false;
  const promotes = onSuccess !== null && (onSuccess?.stage === 'Production' || PROTECTED_ALIASES.includes(onSuccess?.setAlias ?? 'champion'));
  if (!stableInProduction && !promotes) return undefined;
  return registry.guardValidation(targetUri, `a deploy to production endpoint '${endpoint}'`, force);
}
