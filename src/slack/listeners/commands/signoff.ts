import type { webApi } from '@slack/bolt';
import type { Project } from '../../../domain/project.js';
import { keyUserDomains } from '../../blocks/facts.js';
import type { Message } from '../../blocks/kit.js';
import { section } from '../../blocks/kit.js';
import { t } from '../../text/index.js';
import type { DecideMetadata } from '../../views/decide-modal.js';
import { signOffModal } from '../../views/signoff-modal.js';

/**
 * Opens the sign-off form (`/decide signoff [title]`, or the "Request sign-off" shortcut), prefilled; a project
 * without key users gets a word instead (nobody could sign anything off). `ack` is called exactly once.
 */
export async function openSignOffForm(args: {
  readonly client: webApi.WebClient;
  readonly triggerId: string;
  readonly project: Project;
  readonly metadata: DecideMetadata;
  readonly prefill?: { readonly title?: string | undefined; readonly notes?: string | undefined };
  /** Acknowledges the request, with the word when there is one (an ephemeral reply). */
  readonly ack: (message?: Message) => Promise<void>;
}): Promise<void> {
  const { project } = args;
  if (keyUserDomains(project).length === 0) {
    const text = t.signoffModal.noKeyUsers(project.name);
    return args.ack({ text, blocks: [section(text)] });
  }
  await args.ack();
  await args.client.views.open({
    trigger_id: args.triggerId,
    view: signOffModal({ project, prefill: args.prefill, metadata: args.metadata }),
  });
}
