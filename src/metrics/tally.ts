/** The counter children a tally adds to: prom-client's `counter.labels(...)`. */
export interface CounterChild {
  inc(n?: number): void;
}

interface Slot {
  n: number;
  readonly child: CounterChild;
}

const MAX_SLOTS = 1000;

/**
 * Per-message counts by two label values, kept as plain numbers and added to their Prometheus
 * counter when it is collected. Incrementing a prom-client counter hashes its labels on every call,
 * which at tens of thousands of messages a second cost more than routing the message.
 */
export class LabelTally {
  private readonly slots = new Map<string, Map<string, Slot>>();
  private size = 0;

  constructor(private readonly childFor: (a: string, b: string) => CounterChild) {}

  add(a: string, b = ''): void {
    let inner = this.slots.get(a);
    let slot = inner?.get(b);
    if (!slot) {
      slot = { n: 0, child: this.childFor(a, b) };
      // Label values are profiles, outcomes and kinds: few. The bound only guards against a bug minting them.
      if (this.size >= MAX_SLOTS) {
        slot.child.inc();
        return;
      }
      if (!inner) this.slots.set(a, (inner = new Map()));
      inner.set(b, slot);
      this.size++;
    }
    slot.n++;
  }

  /** Adds what was counted since the last flush to the counters. */
  flush(): void {
    for (const inner of this.slots.values()) {
      for (const slot of inner.values()) {
        if (slot.n === 0) continue;
        slot.child.inc(slot.n);
        slot.n = 0;
      }
    }
  }
}
