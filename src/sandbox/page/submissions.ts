/**
 * The field errors the bot returned (`response_action: errors`) on each person's last submission. Slack shows
 * them under the inputs until the person submits again or the view changes (a new hash), and so does the page.
 */
export class SubmissionErrors {
  private readonly byPersona = new Map<
    string,
    { viewId: string; hash: string; errors: Record<string, string> }
  >();

  remember(persona: string, view: { id: string; hash: string }, errors: Record<string, string>): void {
    this.byPersona.set(persona, { viewId: view.id, hash: view.hash, errors: { ...errors } });
  }

  forget(persona: string): void {
    this.byPersona.delete(persona);
  }

  for(persona: string, view: { id: string; hash: string }): Record<string, string> | null {
    const kept = this.byPersona.get(persona);
    return kept !== undefined && kept.viewId === view.id && kept.hash === view.hash
      ? { ...kept.errors }
      : null;
  }
}
