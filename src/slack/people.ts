import type { webApi } from '@slack/bolt';
import { type PeopleLookup, PeopleUnavailable } from '../app/ports.js';
import type { UserId } from '../domain/project.js';

/**
 * Slack's directory of people over `users.lookupByEmail` (scope `users:read.email`) and `users.info`. An
 * unknown address or user is an answer; anything else (network, 5xx, rate limit, a missing scope) throws
 * PeopleUnavailable with the reason.
 */
export class SlackPeople implements PeopleLookup {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly timeoutMs = 10_000,
  ) {}

  async byEmail(email: string): Promise<UserId | 'not_found'> {
    const answer = await this.ask(() => this.client.users.lookupByEmail({ email }), 'users_not_found');
    return answer === 'not_found' ? answer : (answer.user?.id ?? 'not_found');
  }

  async info(userId: UserId): Promise<{ name: string; deleted: boolean } | 'not_found'> {
    const answer = await this.ask(() => this.client.users.info({ user: userId }), 'user_not_found');
    if (answer === 'not_found' || answer.user === undefined) return 'not_found';
    const { user } = answer;
    const name = user.profile?.display_name || user.real_name || user.name || userId;
    return { name, deleted: user.deleted === true };
  }

  private async ask<T>(call: () => Promise<T>, notFound: string): Promise<T | 'not_found'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PeopleUnavailable(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([call(), timeout]);
    } catch (error) {
      if (error instanceof PeopleUnavailable) throw error;
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === notFound) return 'not_found';
      const reason =
        code === 'missing_scope'
          ? 'missing_scope (the app needs the users:read.email scope: add it and reinstall the app)'
          : (code ?? (error instanceof Error ? error.message : String(error)));
      throw new PeopleUnavailable(reason);
    } finally {
      clearTimeout(timer);
    }
  }
}
