import type { Project } from '../domain/project.js';
import type { FakeSlack } from '../sandbox/index.js';
import { DEMO_CHANNEL, DEMO_PEOPLE, type DemoPerson, TEAM_MEMBER } from './demo-people.js';

/**
 * Makes the fake workspace hold everyone and every channel the projects name, adding only what is missing
 * (a restarted sandbox keeps its workspace; a project file edited meanwhile adds its new people). People the
 * demo does not know get a placeholder name and their role as title; every person joins the project channels.
 */
export function seedWorkspace(fake: FakeSlack, projects: readonly Project[], demo: boolean): void {
  const ws = fake.workspace;
  const known = new Map(DEMO_PEOPLE.map((p) => [p.id, p]));
  const roles = rolesOf(projects);
  const extra = demo ? DEMO_PEOPLE.filter((p) => !roles.has(p.id)) : [TEAM_MEMBER];
  const people: DemoPerson[] = [
    ...extra,
    ...[...roles].map(([id, titles]) => known.get(id) ?? placeholder(id, titles)),
  ];
  const ids: string[] = [];
  for (const person of people) {
    // A person the file names by email: a workspace user with that address (the bot resolves it at start-up).
    if (person.id.includes('@')) {
      const { id: email, ...rest } = person;
      ids.push(ws.userByEmail(email)?.id ?? ws.addUser({ ...rest, email, tz: 'Asia/Jakarta' }));
      continue;
    }
    if (ws.user(person.id) === undefined) ws.addUser({ ...person, tz: 'Asia/Jakarta' });
    ids.push(person.id);
  }
  for (const project of projects) {
    if (ws.conversation(project.channel) === undefined) {
      const name = project.channel === DEMO_CHANNEL.id ? DEMO_CHANNEL.name : channelName(project);
      ws.addChannel({ id: project.channel, name });
    }
    for (const id of ids) ws.setMember(project.channel, id, true);
  }
  fake.changed();
}

/** Each person's roles across the projects, in the order the method names them. */
function rolesOf(projects: readonly Project[]): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  const add = (id: string, role: string) => {
    const list = roles.get(id) ?? [];
    if (!list.includes(role)) list.push(role);
    roles.set(id, list);
  };
  for (const p of projects) {
    add(p.spoc, 'SPoC');
    if (p.deputy !== undefined) add(p.deputy, 'Deputy SPoC');
    for (const id of p.sponsors) add(id, 'Sponsor');
    for (const id of p.steeringCommittee.members) add(id, 'Steering committee');
    for (const [domain, ids] of Object.entries(p.keyUsers))
      for (const id of ids) add(id, `Key user · ${domain}`);
  }
  return roles;
}

function placeholder(id: string, roles: readonly string[]): DemoPerson {
  const first = (roles[0] ?? 'person').toLowerCase().replace(/[^a-z]+/g, '-');
  const local = id.split('@')[0] ?? id;
  return {
    id,
    name: id.includes('@') ? local : `${first}-${id.slice(-4).toLowerCase()}`,
    realName: `${roles[0] ?? 'Person'} ${id}`,
    title: roles.join(' · '),
  };
}

function channelName(project: Project): string {
  return project.id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .slice(0, 80);
}
