import { BusinessCalendar } from '../../src/domain/business-calendar.js';
import type { DecisionRequest } from '../../src/domain/decision.js';
import type { Project } from '../../src/domain/project.js';

/** A project shaped like the README's example, with short SLAs so tests can run them out. */
export function sampleProject(overrides: Partial<Project> = {}): Project {
  const d = (amount: number, unit: 's' | 'm' | 'h' | 'd') => ({ amount, unit });
  const ladder = { spoc: d(1, 'h'), sponsor: d(1, 'h'), committee: d(2, 'h') };
  return {
    id: 'odoo-rollout',
    name: 'Odoo rollout, PT Maju',
    channel: 'C0PROJECT1',
    spoc: 'U0SPOC0001',
    deputy: 'U0DEPUTY01',
    sponsors: ['U0SPONSOR1'],
    steeringCommittee: { members: ['U0SPONSOR1', 'U0CFO00001', 'U0PMDIR001'], quorum: 2 },
    keyUsers: { inventory: ['U0KEYINV01'], accounting: ['U0KEYACC01'] },
    authority: { spocMaxBudget: 5000 },
    sla: { low: ladder, normal: ladder, high: ladder, critical: ladder },
    reminders: [0.5, 0.8],
    digest: { cron: '0 9 * * MON' },
    ...overrides,
  };
}

export function sampleRequest(overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    projectId: 'odoo-rollout',
    requester: 'U0MEMBER01',
    question: 'Use FIFO costing for the warehouse?',
    context: 'Affects the opening stock valuation.',
    options: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
    impact: 'normal',
    ...overrides,
  };
}

/** A 24/7 calendar: business time is wall time. */
export const alwaysCalendar = new BusinessCalendar({
  timezone: 'UTC',
  businessHours: 'always',
  holidays: [],
});
