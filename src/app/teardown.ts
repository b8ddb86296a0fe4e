import type { Logger } from '../logger.js';

/**
 * What a node has opened, to close in reverse order: stopping a node and a start-up that fails
 * halfway close the same way. Each step runs isolated, so one that fails (logged) does not leave
 * the rest open; closing twice closes once.
 */
export class Teardown {
  private readonly steps: Array<{ name: string; close: () => unknown }> = [];
  private closing: Promise<void> | null = null;

  constructor(private readonly log: Logger) {}

  /** Registers how to close what was just opened; returns it, for `const x = opened.add(...)`. */
  add<T>(name: string, value: T, close: (value: T) => unknown): T {
    this.steps.push({ name, close: () => close(value) });
    return value;
  }

  closeAll(): Promise<void> {
    this.closing ??= this.run();
    return this.closing;
  }

  private async run(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step.close();
      } catch (err) {
        this.log.error({ err, step: step.name }, 'closing a part of the node failed');
      }
    }
    this.steps.length = 0;
  }
}
