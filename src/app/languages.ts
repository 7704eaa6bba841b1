import type { Decision } from '../domain/decision.js';
import type { Locale, Project, UserId } from '../domain/project.js';
import type { Languages, ProjectDirectory } from './ports.js';

/**
 * Who reads which language. A project's channel messages and digest speak its `locale` (English when it sets
 * none); a person reads their own choice (`/decide language`), else the language of the project at hand, else
 * that of the first project they belong to, else English.
 */
export interface LanguageDeps {
  readonly projects: ProjectDirectory;
  readonly languages?: Languages | undefined;
}

/** The language of a project's channel (thread heads, replies, notices) and of its digest by default. */
export function projectLocale(project: Project | undefined): Locale {
  return project?.locale ?? 'en';
}

/**
 * The language `user` reads: their choice, else `project`'s (the project of the channel or the decision at
 * hand), else that of the first project they belong to, else English.
 */
export function readerLocale(deps: LanguageDeps, user: UserId, project?: Project | undefined): Locale {
  const chosen = deps.languages?.choiceOf(user);
  if (chosen !== undefined) return chosen;
  return projectLocale(project ?? firstProjectOf(deps.projects, user));
}

/** The language of whoever a message goes to: a channel reads its project's, a person their own. */
export function recipientLocale(
  deps: LanguageDeps,
  recipient: string,
  project?: Project | undefined,
): Locale {
  if (/^[CG]/.test(recipient)) return projectLocale(deps.projects.byChannel(recipient) ?? project);
  return readerLocale(deps, recipient, project);
}

/** The project of a decision, when it is still configured. */
export function projectOfDecision(deps: LanguageDeps, decision: Decision | undefined): Project | undefined {
  return decision === undefined ? undefined : deps.projects.byId(decision.projectId);
}

/** The first configured project `user` has a role in (SPoC, deputy, sponsor, committee, key user). */
export function firstProjectOf(projects: ProjectDirectory, user: UserId): Project | undefined {
  return projects
    .all()
    .find(
      (p) =>
        p.spoc === user ||
        p.deputy === user ||
        p.sponsors.includes(user) ||
        p.steeringCommittee.members.includes(user) ||
        Object.values(p.keyUsers).some((users) => users.includes(user)),
    );
}
