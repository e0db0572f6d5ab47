import { describe, expect, it } from 'vitest';
import type { Approval, GovernancePolicy } from '../contract/index.js';
import { approvalStatus, type ApprovalStatus } from './approvals.js';

let minute = 0;
/** Decisions in the order they were recorded (the store lists them by id). */
const ok = (by: string): Approval => ({ decision: 'approved', by, notes: '', at: `2026-01-01T00:${String(minute++ % 60).padStart(2, '0')}:00.000Z` });
const no = (by: string, notes = 'not yet'): Approval => ({ decision: 'rejected', by, notes, at: `2026-01-01T01:${String(minute++ % 60).padStart(2, '0')}:00.000Z` });

const cases: [string, GovernancePolicy, Approval[], ApprovalStatus][] = [
  ['required 0 and no decisions: ok', { approvalsRequired: 0 }, [], { ok: true, approvedBy: [] }],
  ['no approvalsRequired in the policy means 0', {}, [], { ok: true, approvedBy: [] }],
  ['required 0 with approvals: ok, listing them', { approvalsRequired: 0 }, [ok('ana')], { ok: true, approvedBy: ['ana'] }],
  ['one of two: missing', { approvalsRequired: 2 }, [ok('ana')], { ok: false, reason: 'missing', approvedBy: ['ana'], required: 2 }],
  ['none of one: missing', { approvalsRequired: 1 }, [], { ok: false, reason: 'missing', approvedBy: [], required: 1 }],
  ['two distinct approvers reach two', { approvalsRequired: 2 }, [ok('ana'), ok('bo')], { ok: true, approvedBy: ['ana', 'bo'] }],
  ['more than required is fine', { approvalsRequired: 1 }, [ok('ana'), ok('bo'), ok('cy')], { ok: true, approvedBy: ['ana', 'bo', 'cy'] }],
  [
    'the same approver twice counts once',
    { approvalsRequired: 2 },
    [ok('ana'), ok('ana'), ok('ana')],
    { ok: false, reason: 'missing', approvedBy: ['ana'], required: 2 },
  ],
  ['an outstanding rejection blocks, whatever the count', { approvalsRequired: 1 }, [ok('ana'), ok('bo'), no('cy')], { ok: false, reason: 'rejected', rejectedBy: 'cy' }],
  ['a rejection blocks even when no approval is required', { approvalsRequired: 0 }, [no('cy')], { ok: false, reason: 'rejected', rejectedBy: 'cy' }],
  ['approving then rejecting: the rejection is the latest decision', { approvalsRequired: 1 }, [ok('ana'), no('ana')], { ok: false, reason: 'rejected', rejectedBy: 'ana' }],
  ['re-approval by the rejector clears the rejection', { approvalsRequired: 2 }, [ok('bo'), no('ana'), ok('ana')], { ok: true, approvedBy: ['bo', 'ana'] }],
  [
    're-approval clears the block but still needs the count',
    { approvalsRequired: 3 },
    [no('ana'), ok('bo'), ok('ana')],
    { ok: false, reason: 'missing', approvedBy: ['ana', 'bo'], required: 3 },
  ],
  [
    'an approval by someone else does not clear a rejection',
    { approvalsRequired: 1 },
    [no('ana'), ok('bo'), ok('cy')],
    { ok: false, reason: 'rejected', rejectedBy: 'ana' },
  ],
  ['a rejector who rejects again still blocks', { approvalsRequired: 1 }, [no('ana'), ok('ana'), no('ana', 'found a leak')], { ok: false, reason: 'rejected', rejectedBy: 'ana' }],
  ['two outstanding rejections name the first rejector', { approvalsRequired: 1 }, [no('ana'), no('bo')], { ok: false, reason: 'rejected', rejectedBy: 'ana' }],
  ['the first rejector cleared: the other one blocks', { approvalsRequired: 1 }, [no('ana'), no('bo'), ok('ana')], { ok: false, reason: 'rejected', rejectedBy: 'bo' }],
];

describe('approvalStatus', () => {
  it.each(cases)('%s', (_name, policy, approvals, want) => {
    expect(approvalStatus(policy, approvals)).toEqual(want);
  });
});
