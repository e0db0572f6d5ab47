export { recordAudit, listAudit, verifyAudit, type AuditEntry, type AuditQuery } from './audit-log.js';
export { chainHash } from './audit-chain.js';
