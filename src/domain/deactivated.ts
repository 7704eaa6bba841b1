import type { Project, UserId } from './project.js';

/**
 * The project as the ladder sees it when some of its people are deactivated in Slack: they are left out of the
 * sponsors, the steering committee and the key users. A deactivated SPoC is replaced by the deputy (who then
 * decides as if the SPoC were away for good); without an active deputy the SPoC stays (someone must hold a new
 * request; the SLA escalates it). A deactivated deputy is no deputy. The committee's quorum stays as configured
 * but never exceeds the members left (`quorumClamped` says when it was lowered). A level left empty is skipped
 * by routing and escalation (see routing.ts). Returns `project` itself when none of its people is deactivated.
 */
export function withoutDeactivated(
  project: Project,
  deactivated: ReadonlySet<UserId>,
): { readonly project: Project; readonly quorumClamped?: { readonly from: number; readonly to: number } } {
  const active = (user: UserId) => !deactivated.has(user);
  if (deactivated.size === 0 || peopleOf(project).every(active)) return { project };
  const deputy = project.deputy !== undefined && active(project.deputy) ? project.deputy : undefined;
  const spocGone = !active(project.spoc);
  const members = project.steeringCommittee.members.filter(active);
  const { quorum } = project.steeringCommittee;
  const clamped = Math.max(1, Math.min(quorum, members.length));
  const keyUsers = Object.fromEntries(
    Object.entries(project.keyUsers).map(([domain, users]) => [domain, users.filter(active)]),
  );
  return {
    project: {
      ...project,
      spoc: spocGone && deputy !== undefined ? deputy : project.spoc,
      deputy: spocGone ? undefined : deputy,
      sponsors: project.sponsors.filter(active),
      steeringCommittee: { members, quorum: clamped },
      keyUsers,
    },
    ...(clamped === quorum ? {} : { quorumClamped: { from: quorum, to: clamped } }),
  };
}

/** Everyone the project names, each once, in roster order (SPoC, deputy, sponsors, committee, key users). */
export function peopleOf(project: Project): UserId[] {
  const all = [
    project.spoc,
    ...(project.deputy === undefined ? [] : [project.deputy]),
    ...project.sponsors,
    ...project.steeringCommittee.members,
    ...Object.values(project.keyUsers).flat(),
  ];
  return [...new Set(all)];
}
