/** Every word sandbox mode prints on the terminal or hands to its page, in one place. */

const REDIS_HELP = [
  'Get Redis, then run `npm start` again:',
  '  Debian/Ubuntu:  sudo apt-get install redis-server      (the sandbox then starts a private one itself)',
  '  macOS:          brew install redis && brew services start redis',
  '  Docker:         docker run -d --name redis -p 6379:6379 redis:7',
  'or point REDIS_URL at a Redis that runs, e.g. REDIS_URL=redis://127.0.0.1:6380 npm start',
].join('\n');

export const SANDBOX_TEXT = {
  /** The demo story: three lines the terminal and the page's welcome panel show. */
  story: (channel: string) => [
    `You are Rina, a consultant on PT Maju's Odoo rollout. Type /decide in #${channel} and ask a question.`,
    'Switch to Sari, the customer’s SPoC, to answer it from her DM with the bot, or leave it unanswered.',
    '“Run due timers now” skips ahead: reminders, then the sponsor, then the steering committee’s vote.',
  ],
  ownStory: (channels: string) => [
    `Your project file’s people and channels (${channels}) are in the sandbox; names are placeholders where the file has only IDs.`,
    'Pick a person at the top left; “Team member” can ask with /decide in a project channel.',
    '“Run due timers now” skips ahead to reminders and escalations.',
  ],
  banner: (b: {
    url: string;
    dataDir: string;
    redis: string;
    config: string;
    story: readonly string[];
    startedMs: number;
  }) =>
    [
      '',
      `decide-bot sandbox is running: ${b.url}   (started in ${(b.startedMs / 1000).toFixed(1)} s)`,
      `  data:   ${b.dataDir}   (npm start -- --reset starts over)`,
      `  redis:  ${b.redis}`,
      `  config: ${b.config}`,
      '',
      ...b.story.map((line) => `  ${line}`),
      '',
      'Ctrl-C stops it; conversations and decisions are kept for the next start.',
      '',
    ].join('\n'),
  redisShared: (url: string, prefix: string) => `${url} (keys under ${prefix}:)`,
  redisPrivate: (url: string) => `a private redis-server at ${url}, stopped with the sandbox`,
  configDemo: 'the bundled demo project (cp decide.config.example.yml decide.config.yml to use your own)',
  configFile: (path: string) => path,
  redisNotAnswering: (url: string) =>
    `decide-bot sandbox cannot start: nothing answers at REDIS_URL ${url}.\n${REDIS_HELP}`,
  redisMissing: (url: string) =>
    `decide-bot sandbox cannot start: no Redis answers at ${url} and redis-server is not installed.\n${REDIS_HELP}`,
  portTaken: (port: number) =>
    `decide-bot sandbox cannot start: port ${port} on 127.0.0.1 is taken (another sandbox, or another program).\n` +
    `Pick another port: PORT=${port + 1} npm start`,
  configProblem: (message: string) => `decide-bot sandbox cannot start.\n${message}`,
  /** `message` names the file and says how to start over. */
  stateProblem: (message: string) => `decide-bot sandbox cannot start: ${message}`,
  stopping: 'stopping: finishing requests and jobs in flight',
  stopped: 'stopped',
  /** Answers of the development controls (shown by the page as toasts). */
  firedTimers: (count: number, withinMinutes: number, aheadMin: number) =>
    count === 0
      ? `No reminder or escalation is due within ${withinMinutes} min.`
      : `Fired ${count} timer${count === 1 ? '' : 's'} due within ${withinMinutes} min; sandbox time is now ${aheadMin} min ahead.`,
  digestSent: (projects: number) =>
    `Ran the weekly digest for ${projects} project${projects === 1 ? '' : 's'}: each sponsor gets it by DM (once a day).`,
  badMinutes: 'withinMinutes must be a whole number of minutes from 1 to 10080 (a week)',
} as const;
