import type { EventSink } from '../../src/events.js';

/** An event sink that goes nowhere: for a stage tested on its own. */
export const noEvents: EventSink = { emit: () => undefined };
