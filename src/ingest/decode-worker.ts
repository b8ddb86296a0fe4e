import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../clock.js';
import { createLogger } from '../logger.js';
import { compileProfiles } from '../normalize/profiles/compile-profile.js';
import { Normalizer } from '../normalize/normalizer.js';
import { normalizerFailed, type NormalizeResult } from '../normalize/result.js';
import type { DecodeWorkerInit, FromWorker, ToWorker } from './decode-messages.js';
import { HandoverPacker } from './handover-pack.js';
import { MqttAdapter } from './mqtt-adapter.js';

/**
 * The MQTT decode thread: the site-broker connection, MQTT parsing and normalization run here, off
 * the main thread, which gets normalized results in batches (src/ingest/decode-thread.ts), packed
 * (handover-pack.ts).
 *
 * A batch leaves a millisecond after its first message if fewer than two batches are waiting for
 * the main thread; otherwise messages gather until one is taken in, or until BATCH_MAX. So an idle
 * node sees each message within a millisecond, and a busy one pays the hand-over (a copy, a post
 * and a wake-up on each side) per few hundred messages instead of per message. At most
 * `maxInFlight` messages wait for the main thread; past that the socket is paused, so a main
 * thread that falls behind slows the broker, not this memory.
 */
const BATCH_MAX = 1024;
const BATCHES_IN_FLIGHT = 2;
const HEAP_REPORT_MS = 5_000;

if (!parentPort) throw new Error('decode-worker.js runs as a worker thread');
const port = parentPort;
const init = workerData as DecodeWorkerInit;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
// The main thread's logger writes (and masks) what this one logs: one log stream for the node.
const log = createLogger(init.logLevel, { write: (line: string) => post({ t: 'log', line }) });
const normalizer = new Normalizer(compileProfiles(init.profileDir, init.profiles), systemClock, init.driverIdKey);

const packer = new HandoverPacker();
let inFlight = 0;
let batchesInFlight = 0;
let flushQueued = false;
let paused: (() => void) | null = null;

function flush(): void {
  flushQueued = false;
  if (packer.size === 0) return;
  const batch = packer.take();
  inFlight += batch.count;
  batchesInFlight++;
  post({ t: 'batch', batch, incompleteAisGroups: normalizer.droppedFragmentGroups(), queued: inFlight }, [
    batch.numbers.buffer as ArrayBuffer,
  ]);
}

const adapter = new MqttAdapter(init.adapter, systemClock, log, {
  onMessage(topic, payload) {
    let result: NormalizeResult;
    try {
      result = normalizer.normalize({ form: 'message', topic, payload });
    } catch (err) {
      log.error({ err, topic }, 'normalizer failed on a message');
      result = normalizerFailed(err);
    }
    // Answers to devices go out from here, where the connection is.
    if (result.commands) {
      for (const c of result.commands) adapter.publish(c.topic, c.payload);
      delete result.commands;
    }
    packer.add(topic, result);
    if (packer.size >= BATCH_MAX) flush();
    else if (!flushQueued && batchesInFlight < BATCHES_IN_FLIGHT) {
      flushQueued = true;
      systemClock.after(1, flush);
    }
  },
  onChange: (status) => post({ t: 'status', status }),
  pace(resume) {
    if (inFlight + packer.size < init.maxInFlight) resume();
    else paused = resume;
  },
});

port.on('message', (m: ToWorker) => {
  switch (m.t) {
    case 'ack': {
      inFlight -= m.n;
      batchesInFlight--;
      if (!flushQueued && packer.size > 0) flush();
      // Batches carry the queue's size while busy; once all is taken in, say so, or the gauge keeps the last batch's.
      else if (inFlight === 0 && packer.size === 0) post({ t: 'queue', queued: 0 });
      const resume = paused;
      if (resume && inFlight + packer.size < init.maxInFlight) {
        paused = null;
        resume();
      }
      break;
    }
    case 'publish':
      adapter.publish(m.topic, Buffer.from(m.payload));
      break;
    case 'start':
      adapter.start();
      break;
    case 'stop':
      void adapter.stop().then(() => {
        // What was decoded before the connection closed still reaches the node.
        flush();
        post({ t: 'stopped' });
      });
      break;
  }
});
post({ t: 'status', status: adapter.status() });
// The main thread's memory figures cover its own heap only: this one reports its own.
const reportHeap = () => post({ t: 'heap', used: getHeapStatistics().used_heap_size });
reportHeap();
systemClock.every(HEAP_REPORT_MS, reportHeap).unref();
