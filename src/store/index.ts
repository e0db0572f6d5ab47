export type { Store, StoreDialect, Db, Trx } from './store.js';
export type { Database, ModelsTable } from './schema.js';
export { createStore, parseStoreUrl, type CreateStoreOptions, type StoreTarget } from './create-store.js';
export { GENESIS_HASH } from './migrations/0002-audit.js';
export type { ArtifactStore, PutResult } from './artifacts/artifact-store.js';
export { createLocalArtifactStore } from './artifacts/local/local-artifact-store.js';
