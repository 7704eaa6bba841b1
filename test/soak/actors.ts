import type { InputValue, StoredMessage, StoredView } from '../../src/sandbox/index.js';
import type { Json } from '../../src/sandbox/json.js';
import { DECIDE_FIELD, SIGNOFF_FIELD } from '../../src/slack/ids.js';
import type { SoakWorld } from './world.js';

/** A seeded random source with the few draws the soak needs. */
export class Dice {
  constructor(readonly next: () => number) {}
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[this.int(list.length)];
  }
}

/** What the people did, by kind, and what Slack (the chaos) made them lose. */
export class ActionCounts {
  readonly done = new Map<string, number>();
  add(kind: string): void {
    this.done.set(kind, (this.done.get(kind) ?? 0) + 1);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits for `probe` up to `ms`; undefined when it never answered (a lost modal, a killed process…). */
async function within<T>(ms: number, probe: () => T | undefined): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await sleep(25);
  }
}

/**
 * People acting on Slack as the stand-in shows it: they open requests and sign-offs with `/decide`, and click
 * the buttons the bot sent them (answers, notes, info requests and answers, delegations, consultations,
 * escalations, votes, edits, withdrawals, new rounds), filling each form at random. One person does one thing
 * at a time (one modal each); what fails under the chaos (a request to a killed process, a modal Slack never
 * opened) is lost, as it would be for a real user, and counted.
 */
export class People {
  private readonly busy = new Set<string>();
  private opened = 0;
  readonly actions = new ActionCounts();

  constructor(
    private readonly soak: SoakWorld,
    private readonly dice: Dice,
  ) {}

  get openedCount(): number {
    return this.opened;
  }

  private get people() {
    return this.soak.world.people;
  }

  private everyone(): string[] {
    return Object.values(this.people);
  }

  /** One random act by someone free; false when nobody suitable was free. */
  async act(opening: boolean): Promise<boolean> {
    if (opening) return this.withPerson(this.requesters(), (who) => this.openRequest(who));
    const who = this.dice.pick(this.everyone().filter((p) => !this.busy.has(p)));
    if (who === undefined) return false;
    return this.withPerson([who], (p) => this.clickSomething(p));
  }

  private requesters(): string[] {
    const p = this.people;
    return [p.member, p.outsider, p.keyUser].filter((x) => !this.busy.has(x));
  }

  private async withPerson(candidates: string[], run: (who: string) => Promise<void>): Promise<boolean> {
    const who = this.dice.pick(candidates);
    if (who === undefined) return false;
    this.busy.add(who);
    try {
      await run(who);
    } catch {
      // A request the chaos broke (a killed process, a refused connection): lost, as a user's click would be.
      this.actions.add('lost');
    } finally {
      this.busy.delete(who);
    }
    return true;
  }

  /** `/decide` (a decision, or a sign-off one time in four), the form filled at random and submitted. */
  private async openRequest(who: string): Promise<void> {
    const n = ++this.opened;
    const signoff = this.dice.chance(0.25);
    const driver = this.soak.driver();
    const before = this.soak.world.fake.openView(who)?.id;
    await driver.slashCommand({
      user: who,
      channel: this.soak.world.channel,
      command: '/decide',
      text: signoff ? `signoff Soak deliverable ${n}` : '',
    });
    const view = await within(3000, () => {
      const v = this.soak.world.fake.openView(who);
      return v !== undefined && v.id !== before ? v : undefined;
    });
    if (view === undefined) {
      this.actions.add('lost');
      return;
    }
    const values: Record<string, InputValue> = signoff
      ? {
          [SIGNOFF_FIELD.domain]: 'inventory',
          ...(this.dice.chance(0.5)
            ? { [SIGNOFF_FIELD.rule]: 'at_least', [SIGNOFF_FIELD.count]: 1 }
            : { [SIGNOFF_FIELD.rule]: 'all' }),
          [SIGNOFF_FIELD.impact]: this.dice.pick(['low', 'normal', 'high', 'critical']) ?? 'normal',
        }
      : {
          [DECIDE_FIELD.question]: `Soak ${n}: approve change request CR-${n}?`,
          [DECIDE_FIELD.impact]: this.dice.pick(['low', 'normal', 'high', 'critical']) ?? 'normal',
          ...(this.dice.chance(0.3) ? { [DECIDE_FIELD.budget]: this.dice.chance(0.5) ? 3000 : 9000 } : {}),
          ...(this.dice.chance(0.4) ? { [DECIDE_FIELD.defaultOption]: 'Reject' } : {}),
          // A needed-by date far ahead: open requests keep a timer (their late mark) to the end.
          ...(this.dice.chance(0.3) ? { [DECIDE_FIELD.neededBy]: '2099-12-31' } : {}),
          ...(this.dice.chance(0.2) ? { [DECIDE_FIELD.options]: 'Buy\nLease\nWait' } : {}),
        };
    if (!signoff && values[DECIDE_FIELD.options] !== undefined && values[DECIDE_FIELD.defaultOption])
      values[DECIDE_FIELD.defaultOption] = 'Wait';
    const result = await this.submit(who, view, values);
    this.actions.add(result === 'closed' ? (signoff ? 'signoff_opened' : 'decision_opened') : 'form_refused');
  }

  /** A random button on a message the bot sent this person (their DMs, or the project channel). */
  private async clickSomething(who: string): Promise<void> {
    const fake = this.soak.world.fake;
    const own = fake.dmsTo(who);
    const channel = this.dice.chance(0.15) ? fake.messagesIn(this.soak.world.channel) : [];
    const choices: { message: StoredMessage; actionId: string }[] = [];
    for (const message of [...own.slice(-30), ...channel.slice(-20)])
      for (const b of fake.findButtons(message))
        if (b.url === undefined) choices.push({ message, actionId: b.actionId });
    const choice = this.dice.pick(choices);
    if (choice === undefined) return;
    const before = fake.openView(who)?.id;
    await this.soak.driver().clickButton(who, { actionId: choice.actionId, in: choice.message });
    this.actions.add(`click:${choice.actionId.replace(/_\d+$/, '')}`);
    const view = await within(1500, () => {
      const v = fake.openView(who);
      return v !== undefined && v.id !== before ? v : undefined;
    });
    if (view === undefined) return;
    if (this.dice.chance(0.1)) {
      await this.soak.driver().closeView(who);
      this.actions.add('form_closed');
      return;
    }
    const result = await this.submit(who, view, this.fill(view));
    this.actions.add(result === 'closed' ? `form:${view.callback_id}` : 'form_refused');
    // A form the bot refused (errors) stays open: closed, as a person would give up.
    if (result !== 'closed' && fake.openView(who) !== undefined) await this.soak.driver().closeView(who);
  }

  private async submit(who: string, view: StoredView, values: Record<string, InputValue>) {
    const result = await this.soak.driver().submitView(who, { viewId: view.id, values });
    return result.outcome;
  }

  /** Values for a form's inputs: text for every empty one, a random choice for selects, edits now and then. */
  private fill(view: StoredView): Record<string, InputValue> {
    const values: Record<string, InputValue> = {};
    for (const block of view.blocks as Json[]) {
      if (block.type !== 'input') continue;
      const element = block.element as Json;
      const actionId = String(element.action_id ?? block.block_id);
      const type = String(element.type);
      const initial = element.initial_value ?? element.initial_option ?? element.initial_date;
      if (type === 'plain_text_input') {
        if (actionId === DECIDE_FIELD.question && this.dice.chance(0.7))
          values[actionId] = `${String(element.initial_value ?? 'Soak')} (edited)`.slice(0, 150);
        else if (initial === undefined) values[actionId] = `soak words ${this.dice.int(1000)}`;
      } else if (type === 'static_select' || type === 'radio_buttons') {
        const options = ((element.options as Json[] | undefined) ?? []).map((o) => String(o.value));
        const pick = this.dice.pick(options);
        if (pick !== undefined && (initial === undefined || this.dice.chance(0.5))) values[actionId] = pick;
      } else if (type === 'users_select') {
        values[actionId] = this.dice.pick([this.people.deputy, this.people.keyUser]) ?? this.people.deputy;
      } else if (type === 'number_input' && initial === undefined && block.optional !== true) {
        values[actionId] = 1;
      }
    }
    return values;
  }
}
