/**
 * People the project file names by email address: resolved to Slack user IDs at start-up (before the projects
 * the domain sees are built) and checked again daily, with Slack's answers cached in the `people` table.
 */
import { peopleOf } from '../domain/deactivated.js';
import type { Project, UserId } from '../domain/project.js';
import type { Clock, Logger, NewDelivery, PeopleLookup, PeopleStore, PersonRole } from './ports.js';
import { PeopleUnavailable } from './ports.js';

/** How long Slack's answer for an address is used without asking again. */
export const RESOLVED_FOR_MS = 24 * 60 * 60 * 1000;

/** An address of the project file and where it is (`projects[0].sponsors[1] (line 12)`). */
export interface EmailAt {
  readonly email: string;
  readonly where: string;
}

export interface PeopleDeps {
  readonly people: PeopleStore;
  readonly lookup: PeopleLookup;
  readonly clock: Clock;
  readonly log: Logger;
}

export type Resolution =
  | { readonly ok: true; readonly projects: Project[] }
  /** Addresses Slack does not know, or other roster problems once resolved: one sentence each, with where. */
  | { readonly ok: false; readonly problems: readonly string[] }
  /** Slack could not be asked and nothing was cached for these addresses. */
  | { readonly ok: false; readonly unavailable: readonly string[]; readonly reason: string };

/**
 * Every address's user ID: the cached one when Slack confirmed it within `RESOLVED_FOR_MS`, else Slack's answer
 * (`users.lookupByEmail`, then cached). Slack unreachable: the cached one, however old (a warning); none cached:
 * unavailable. An address Slack does not know is a problem with where it is, unless it belonged to someone
 * who is now deactivated (Slack no longer finds them by address): then the cached ID holds and the daily
 * check reports them. Returns the projects with every address replaced by its user ID.
 */
export async function resolvePeople(
  projects: readonly Project[],
  emails: readonly EmailAt[],
  deps: PeopleDeps,
): Promise<Resolution> {
  const ids = new Map<string, UserId>();
  const unknown: EmailAt[] = [];
  const unavailable: string[] = [];
  let reason = '';
  for (const ref of emails) {
    if (ids.has(ref.email) || unknown.some((u) => u.email === ref.email)) {
      if (!ids.has(ref.email)) unknown.push(ref);
      continue;
    }
    try {
      const id = await resolveOne(ref.email, deps, false);
      if (id === undefined) unknown.push(ref);
      else ids.set(ref.email, id);
    } catch (error) {
      if (!(error instanceof PeopleUnavailable)) throw error;
      const cached = await deps.people.byEmail(ref.email);
      if (cached === undefined) {
        unavailable.push(ref.email);
        reason = error.reason;
      } else {
        deps.log.warn('Slack cannot be asked about an address: using the user ID it had before', {
          email: ref.email,
          userId: cached.userId,
          resolvedAt: new Date(cached.resolvedAt).toISOString(),
          error: error.reason,
        });
        ids.set(ref.email, cached.userId);
      }
    }
  }
  if (unknown.length > 0) {
    return {
      ok: false,
      problems: unknown.map(
        (u) =>
          `${u.where}: \`${u.email}\` is not the email address of anyone in this Slack workspace ` +
          '(check the address, or give the Slack user ID instead)',
      ),
    };
  }
  if (unavailable.length > 0) return { ok: false, unavailable, reason };
  const problems: string[] = [];
  const resolved = projects.map((p, i) => substitute(p, i, ids, problems, deps.log));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, projects: resolved };
}

/**
 * One address's owner: cached (when fresh and `force` is false) or asked of Slack; undefined when Slack knows
 * nobody with it (and it was not someone now deactivated). Throws PeopleUnavailable.
 */
async function resolveOne(email: string, deps: PeopleDeps, force: boolean): Promise<UserId | undefined> {
  const now = deps.clock.now();
  const cached = await deps.people.byEmail(email);
  if (!force && cached !== undefined && now - cached.resolvedAt < RESOLVED_FOR_MS) return cached.userId;
  const found = await deps.lookup.byEmail(email);
  if (found !== 'not_found') {
    if (cached !== undefined && cached.userId !== found)
      deps.log.warn('an address of the project file belongs to another Slack user now', {
        email,
        was: cached.userId,
        now: found,
      });
    await deps.people.recordResolved(email, found, now);
    return found;
  }
  if (cached === undefined) return undefined;
  // Slack finds no active user by the address: the person it belonged to may have been deactivated.
  const info = await deps.lookup.info(cached.userId);
  return info !== 'not_found' && info.deleted ? cached.userId : undefined;
}

/** The project with each address replaced by its user ID; a list naming one person twice keeps them once. */
function substitute(
  project: Project,
  index: number,
  ids: ReadonlyMap<string, UserId>,
  problems: string[],
  log: Logger,
): Project {
  const id = (person: UserId) => ids.get(person) ?? person;
  const ids_ = (people: readonly UserId[]) => [...new Set(people.map(id))];
  const spoc = id(project.spoc);
  const deputy = project.deputy === undefined ? undefined : id(project.deputy);
  if (deputy === spoc)
    problems.push(
      `projects[${index}].deputy: ${project.deputy} is the SPoC (${project.spoc}); the deputy must be someone else`,
    );
  const members = ids_(project.steeringCommittee.members);
  let { quorum } = project.steeringCommittee;
  if (quorum > members.length) {
    log.warn('the steering committee names one person twice (by ID and by address): quorum lowered', {
      projectId: project.id,
      quorum,
      members: members.length,
    });
    quorum = members.length;
  }
  return {
    ...project,
    spoc,
    ...(deputy === undefined ? {} : { deputy }),
    sponsors: ids_(project.sponsors),
    steeringCommittee: { members, quorum },
    keyUsers: Object.fromEntries(Object.entries(project.keyUsers).map(([d, users]) => [d, ids_(users)])),
  };
}

export interface PeopleCheckDeps extends PeopleDeps {
  readonly outbox: { enqueue(outbox: readonly NewDelivery[], now: number): Promise<void> };
  readonly deliveries: { enqueue(): Promise<void> };
  /** Someone was marked deactivated or active again (the project directory reads the marks anew). */
  readonly onPeopleChanged?: (() => Promise<void>) | undefined;
  /**
   * Moves on the decisions waiting on someone marked deactivated (`moveOnFromDeactivated`, bound by the
   * composition root), once the directory reads the marks; resolves with how many moved.
   */
  readonly moveOnFromDeactivated?: (() => Promise<number>) | undefined;
}

export interface PeopleCheckReport {
  readonly emails: number;
  readonly people: number;
  readonly deactivated: number;
  readonly reactivated: number;
  readonly moved: number;
  readonly failed: number;
  /** Decisions that were waiting on someone deactivated and moved on without them. */
  readonly decisionsMoved: number;
}

/**
 * The daily check: every address asked of Slack again (an address now owned by someone else is recorded and
 * logged; the projects use the new owner from the next start), and every person of every project (IDs too)
 * looked up with `users.info`. Someone newly found deactivated is marked (the ladder skips them from then on),
 * logged, and announced once in the channel of each project they are in; then the decisions waiting on anyone
 * marked deactivated move on without them. Slack unreachable for one person: logged, the others are checked;
 * the next run tries again.
 */
export async function checkPeople(
  projects: readonly Project[],
  emails: readonly string[],
  deps: PeopleCheckDeps,
): Promise<PeopleCheckReport> {
  let moved = 0;
  let failed = 0;
  for (const email of new Set(emails)) {
    const before = (await deps.people.byEmail(email))?.userId;
    try {
      const now = await resolveOne(email, deps, true);
      if (now !== undefined && before !== undefined && now !== before) moved++;
      if (now === undefined)
        deps.log.warn('an address of the project file is no longer known to Slack', {
          email,
          userId: before,
        });
    } catch (error) {
      if (!(error instanceof PeopleUnavailable)) throw error;
      failed++;
      deps.log.warn('Slack cannot be asked about an address; checking again tomorrow', {
        email,
        error: error.reason,
      });
    }
  }
  const everyone = new Set(projects.flatMap(peopleOf));
  const marked = await deps.people.deactivated();
  let deactivated = 0;
  let reactivated = 0;
  const now = deps.clock.now();
  for (const user of everyone) {
    let info: Awaited<ReturnType<PeopleLookup['info']>>;
    try {
      info = await deps.lookup.info(user);
    } catch (error) {
      if (!(error instanceof PeopleUnavailable)) throw error;
      failed++;
      deps.log.warn('Slack cannot be asked about a person; checking again tomorrow', {
        user,
        error: error.reason,
      });
      continue;
    }
    const gone = info === 'not_found' || info.deleted;
    if (gone === marked.has(user)) continue;
    if (!gone) {
      await deps.people.setDeactivated(user, false, now);
      reactivated++;
      deps.log.info('a person of the projects is active in Slack again: the ladder includes them again', {
        user,
      });
      continue;
    }
    const name = info === 'not_found' ? undefined : info.name;
    const inProjects = projects.filter((p) => peopleOf(p).includes(user));
    deps.log.warn('a person of the projects is deactivated in Slack: the ladder skips them from now on', {
      user,
      name,
      projects: inProjects.map((p) => p.id),
    });
    // Recorded before the mark, each under a key of its own: a crash between the two, or a second process
    // checking at the same time, records the message again, which keeps one. The day is in the key so that
    // someone deactivated again after coming back is announced again.
    const day = new Date(now).toISOString().slice(0, 10);
    await deps.outbox.enqueue(
      inProjects.map((p) => ({
        dedupeKey: `notice-person_deactivated-${p.id}-${user}-${day}`,
        kind: 'notice',
        recipient: p.channel,
        payload: {
          notice: { kind: 'person_deactivated', projectId: p.id, user, name, roles: rolesOf(p, user) },
        },
      })),
      now,
    );
    await deps.people.setDeactivated(user, true, now);
    deactivated++;
  }
  if (deactivated > 0) await deps.deliveries.enqueue();
  if (deactivated + reactivated > 0) await deps.onPeopleChanged?.();
  // Everyone marked, not only the newly marked: what a crash left waiting moves on at the next check.
  const decisionsMoved = (await deps.moveOnFromDeactivated?.()) ?? 0;
  return {
    emails: new Set(emails).size,
    people: everyone.size,
    deactivated,
    reactivated,
    moved,
    failed,
    decisionsMoved,
  };
}

function rolesOf(project: Project, user: UserId): PersonRole[] {
  const roles: PersonRole[] = [];
  if (project.spoc === user) roles.push('spoc');
  if (project.deputy === user) roles.push('deputy');
  if (project.sponsors.includes(user)) roles.push('sponsor');
  if (project.steeringCommittee.members.includes(user)) roles.push('committee');
  if (Object.values(project.keyUsers).some((users) => users.includes(user))) roles.push('key_user');
  return roles;
}
