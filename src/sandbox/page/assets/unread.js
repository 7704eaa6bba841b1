/**
 * Which conversations have messages the person has not looked at, per person (bold in the sidebar, as in
 * Slack). What was there when the page first loaded counts as read.
 */
const KEY = 'sandbox.seen';

function latestTs(conversation) {
  let latest = 0;
  for (const m of conversation.messages) {
    latest = Math.max(latest, Number(m.ts));
    for (const r of m.replies ?? []) latest = Math.max(latest, Number(r.ts));
  }
  return latest;
}

export class Unread {
  constructor() {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    this.baseline = saved?.baseline ?? null;
    this.seen = saved?.seen ?? {};
  }

  /** The first state sets the baseline: everything up to its newest message is read. */
  start(state) {
    if (this.baseline !== null) return;
    this.baseline = Math.max(0, ...state.conversations.map(latestTs));
    this.save();
  }

  isUnread(persona, conversation) {
    const seen = this.seen[persona]?.[conversation.id] ?? this.baseline ?? Number.POSITIVE_INFINITY;
    return latestTs(conversation) > seen;
  }

  markSeen(persona, conversation) {
    const latest = latestTs(conversation);
    this.seen[persona] = this.seen[persona] ?? {};
    const mine = this.seen[persona];
    if ((mine[conversation.id] ?? 0) >= latest) return;
    mine[conversation.id] = latest;
    this.save();
  }

  save() {
    sessionStorage.setItem(KEY, JSON.stringify({ baseline: this.baseline, seen: this.seen }));
  }
}
