/**
 * The people of the demo project (demo.config.yml), as the sandbox's fake workspace shows them: every role of
 * an implementation project, plus Rina, the consultant who asks. Their IDs are the ones the demo file names.
 */
export interface DemoPerson {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly title: string;
}

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 'U0RINA0001', name: 'rina', realName: 'Rina Wijaya', title: 'Consultant (integrator team)' },
  { id: 'U0SARI0001', name: 'sari', realName: 'Sari Dewi', title: 'SPoC · Finance manager' },
  { id: 'U0DEDI0001', name: 'dedi', realName: 'Dedi Pratama', title: 'Deputy SPoC' },
  { id: 'U0BUDI0001', name: 'budi', realName: 'Budi Santoso', title: 'Sponsor · CEO · Steering committee' },
  { id: 'U0CITRA001', name: 'citra', realName: 'Citra Lestari', title: 'Steering committee · CFO' },
  {
    id: 'U0PAUL0001',
    name: 'paul',
    realName: 'Paul Martin',
    title: 'Steering committee · Project director (integrator)',
  },
  { id: 'U0KIKI0001', name: 'kiki', realName: 'Kiki Hartono', title: 'Key user · Inventory' },
  { id: 'U0WAHYU001', name: 'wahyu', realName: 'Wahyu Setiawan', title: 'Key user · Inventory' },
  { id: 'U0AYU00001', name: 'ayu', realName: 'Ayu Putri', title: 'Key user · Accounting' },
];

/** The channel of the demo project. */
export const DEMO_CHANNEL = { id: 'C0ERPROLL1', name: 'erp-rollout' } as const;

/** A team member who can ask, added to the channels of a project file that names only deciders. */
export const TEAM_MEMBER: DemoPerson = {
  id: 'U0TEAMMEM1',
  name: 'team.member',
  realName: 'Team member',
  title: 'Team member (asks with /decide)',
};
