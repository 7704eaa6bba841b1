/** Invalid configuration. `problems` holds one human sentence per problem; the message lists them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];

  constructor(problems: readonly string[], title = 'Invalid configuration') {
    const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
    super(`${title} (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = [...problems];
  }
}
