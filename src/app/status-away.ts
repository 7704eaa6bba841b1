import { statusSaysAway } from '../domain/availability.js';
import { markAway, markBack } from './away.js';
import type { AppDeps } from './deps.js';
import type { OutboxStore } from './ports.js';

export interface StatusCheckReport {
  /** Projects whose SPoC's status was read (or, Slack failing, taken as last known). */
  readonly checked: number;
  /** SPoCs whose status turned to away: marked away, their requests handed to the deputy. */
  readonly wentAway: number;
  /** SPoCs whose away status cleared or expired: marked back. */
  readonly cameBack: number;
}

/**
 * The periodic status check, for projects with `awayFromStatus`: reads each SPoC's Slack status afresh and acts
 * on a change, exactly as the SPoC would with `/decide away` and `/decide back`. A status turning away marks the
 * SPoC away until it expires (or until marked back, for one that does not expire), which hands the requests the
 * SPoC holds to the deputy; a status that cleared or expired marks the SPoC back. While Slack cannot be asked the
 * last known status holds (the status source logs that), so nothing changes.
 *
 * What the last check saw is kept in this object (one per worker process). After a restart, the first check has
 * not seen the status turn: it marks back an open-ended absence (only a status marks one; `/decide away` always
 * has a date), and an absence with an end date runs to that date.
 */
export class StatusWatch {
  /** Per project: whether the last check saw its SPoC away by status. */
  private readonly sawAway = new Map<string, boolean>();

  constructor(private readonly deps: AppDeps & { readonly outbox: OutboxStore }) {}

  async check(): Promise<StatusCheckReport> {
    const { deps } = this;
    let checked = 0;
    let wentAway = 0;
    let cameBack = 0;
    for (const project of deps.projects.all()) {
      if (project.awayFromStatus === undefined || deps.statuses === undefined) continue;
      const status = await deps.statuses.statusOf(project.spoc, { maxAgeMs: 0 });
      if (status === undefined) continue; // never known: nothing to go on
      checked++;
      const now = deps.clock.now();
      const away = statusSaysAway(project, status, now);
      const before = this.sawAway.get(project.id);
      this.sawAway.set(project.id, away);
      const absence = await deps.absences.awayAt(project.id, project.spoc, now);
      if (away && absence === undefined) {
        const result = await markAway(deps, project.id, project.spoc, status.expiresAt);
        deps.log.info('the SPoC’s Slack status says away: marked away', {
          projectId: project.id,
          emoji: status.emoji,
          until: status.expiresAt,
          handedOver: result.ok ? result.handedOver : 0,
        });
        wentAway++;
      } else if (!away && (before === true || (before === undefined && absence?.until === null))) {
        await markBack(deps, project.id, project.spoc);
        deps.log.info('the SPoC’s away status cleared or expired: marked back', { projectId: project.id });
        cameBack++;
      }
    }
    return { checked, wentAway, cameBack };
  }
}
