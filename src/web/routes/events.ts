import type { FastifyInstance } from 'fastify';
import type { Timer } from '../../clock.js';
import type { ServerResponse } from 'node:http';
import { SESSION_COOKIE } from '../auth.js';
import type { WebDeps } from '../deps.js';
import { ALL_ROLES } from '../roles.js';
import { targetsPayload } from './targets.js';

const HEARTBEAT_MS = 15_000;
/** At most this many list events per second per client, whatever the feed rate. */
const MIN_INTERVAL_MS = 250;

/**
 * Server-sent events: the whole target list on connect and after each change, coalesced. The
 * list is small (hundreds of targets), so full lists keep clients simple and self-healing.
 */
export function eventRoutes(app: FastifyInstance, deps: WebDeps): { closeAll(): void } {
  const clients = new Set<ServerResponse>();

  app.get(
    '/api/v1/events',
    {
      config: {
        access: ALL_ROLES,
        summary: 'server-sent events: the target list on connect and after each change',
        produces: 'text/event-stream',
      },
    },
    (req, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      const send = () => res.write(`event: targets\ndata: ${JSON.stringify(targetsPayload(deps))}\n\n`);
      res.write('retry: 2000\n\n');
      send();
      const { clock } = deps;
      let last = clock.now();
      let pending: Timer | null = null;
      const unsubscribe = deps.events.on('targets-changed', 'terminal-stream', () => {
        if (pending) return;
        pending = clock.after(Math.max(0, MIN_INTERVAL_MS - (clock.now() - last)), () => {
          pending = null;
          last = clock.now();
          send();
        });
      });
      // Every change of an alarm (raised, cleared, acknowledged): terminals ring for critical ones until acknowledged.
      const unalarm = deps.events.on('alarm-recorded', 'terminal-stream', ({ alarmId }) => {
        const alarm = deps.alarms.get(alarmId);
        if (alarm) res.write(`event: alarm\ndata: ${JSON.stringify(alarm)}\n\n`);
      });
      // A stream lives no longer than its session: logout, idle expiry, the absolute lifetime or a
      // disabled account end it, by the accounts' notice or at the latest at the next heartbeat.
      const token = req.cookies[SESSION_COOKIE];
      const session = token ? deps.accounts.sessionKey(token) : '';
      const endSession = () => {
        res.write('event: session-ended\ndata: {}\n\n');
        res.end();
      };
      const unwatch = deps.accounts.onSessionEnded((hash) => {
        if (hash === session) endSession();
      });
      const heartbeat = clock.every(HEARTBEAT_MS, () => {
        if (deps.accounts.stillValid(token)) res.write(': keep-alive\n\n');
        else endSession();
      });
      clients.add(res);
      deps.metrics.sseClients.set(clients.size);
      const cleanup = () => {
        if (!clients.delete(res)) return;
        unwatch();
        unsubscribe();
        unalarm();
        heartbeat.cancel();
        pending?.cancel();
        deps.metrics.sseClients.set(clients.size);
      };
      req.raw.on('close', cleanup);
      res.on('close', cleanup);
      res.on('error', cleanup);
    },
  );

  return {
    closeAll() {
      for (const res of [...clients]) res.end();
    },
  };
}
