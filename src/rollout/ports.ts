import type { ArmWindow, VersionRef } from '../contract/index.js';

/** Where the judge's observations come from (the in-process data plane; Prometheus when scaled out). */
export interface ArmSource {
  /** What a version of an endpoint did since `since`, or undefined when it is not served here. */
  window(endpoint: string, version: number, since: number): ArmWindow | undefined;
}

/** Sends reference rows to a version that takes no traffic yet, through header pinning. */
export interface SmokeTester {
  check(endpoint: string, version: VersionRef): Promise<{ readonly ok: boolean; readonly message: string }>;
}
