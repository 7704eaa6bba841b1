/** Another writer changed the decision since it was read: the caller re-reads and decides again. */
export class StaleDecisionError extends Error {
  constructor(
    readonly decisionId: string,
    readonly expectedVersion: number,
  ) {
    super(`decision ${decisionId} is no longer at version ${expectedVersion}`);
    this.name = 'StaleDecisionError';
  }
}
