/**
 * SIGTERM or Ctrl-C, listened for from the very start of the process, so start-up that is still waiting (for
 * Redis, say) stops cleanly too. A second signal while stopping leaves at once.
 */
export function stopSignal(): AbortController {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write('decide-bot: stopping at once (second signal)\n');
      process.exit(130);
    }
    controller.abort(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return controller;
}

export function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
