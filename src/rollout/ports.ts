import type { ArmWindow, VersionRef } from '../contract/index.js';

/** Where the judge's observations come from (the in-process data plane; Prometheus when scaled out). */
export interface ArmSource {
  /**
   * What a version of an endpoint did since `since`, or undefined when it is not served here. `monitored` asks for
   * production monitoring's view too (merging windows and judging drift: only when an analysis uses it).
   */
  window(endpoint: string, version: number, since: number, monitored?: boolean): ArmWindow | undefined;
}

/** Sends reference rows to a version that takes no traffic yet, through header pinning. */
export interface SmokeTester {
  check(endpoint: string, version: VersionRef): Promise<{ readonly ok: boolean; readonly message: string }>;
}
