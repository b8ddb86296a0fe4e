import type { Clock } from '../clock.js';
import type { EventSink } from '../events.js';
import type { DeadLetter, OutboxRepo } from '../storage/outbox-repo.js';

/**
 * What an administrator does with records the central refused: look at them, queue one again once
 * the cause is fixed, or retire one that can never be delivered (a tombstone goes upstream in its
 * place). Either way the uplink has work: `outbox-changed`.
 */
export class DeadLetters {
  constructor(
    private readonly outbox: OutboxRepo,
    private readonly clock: Clock,
    private readonly events: EventSink,
  ) {}

  list(): DeadLetter[] {
    return this.outbox.deadLetters();
  }

  /** Puts a dead letter back in the outbox; false if there is none with that seq. */
  retry(seq: number): boolean {
    const ok = this.outbox.retryDeadLetter(seq);
    if (ok) this.events.emit('outbox-changed', { seq });
    return ok;
  }

  /** Sends a tombstone for a dead letter that can never be delivered; false if there is none waiting with that seq. */
  retire(seq: number, reason: string): boolean {
    const ok = this.outbox.retireDeadLetter(seq, reason, this.clock.now());
    if (ok) this.events.emit('outbox-changed', { seq });
    return ok;
  }
}
