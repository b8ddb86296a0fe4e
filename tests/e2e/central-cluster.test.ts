import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_SERVER, pgAdmin, pgDatabaseUrl } from '../support/postgres.js';
import { afterAll, describe, expect, it } from 'vitest';
import { Ack } from '../../src/sync/contract.js';
import { TestChain } from '../support/chain.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { golden } from '../support/payloads.js';

/**
 * A province runs the central as several instances on one PostgreSQL. Two `kakou central`
 * processes receive one node's batches and their resends through both at once, in every order:
 * each record must be stored once, the chain verified, and nothing deadlock.
 */
const DB = `kakou_cluster_${randomBytes(4).toString('hex')}`;
const TOKEN = 'cluster-admin-token';

const available = await pgAdmin('SELECT 1');
const centrals: RunningCli[] = [];

afterAll(async () => {
  for (const c of centrals) await c.stop('SIGTERM');
  if (available) await pgAdmin(`DROP DATABASE IF EXISTS ${DB}`);
});

describe('the central as two instances on one PostgreSQL', () => {
  it('stores every record of a node once, with the chain verified, whichever instance each resend reaches', async (ctx) => {
    if (!available) {
      if (process.env.CI) throw new Error(`CI must test the central cluster and ${PG_SERVER} is not reachable`);
      ctx.skip();
    }
    expect(await pgAdmin(`CREATE DATABASE ${DB}`)).toBe(true);
    const url = new URL(pgDatabaseUrl(DB));
    const env = { KAKOU_CENTRAL_DATABASE_URL: url.href, KAKOU_CENTRAL_TOKEN: TOKEN, KAKOU_LOG__LEVEL: 'warn' };
    const node = new TestChain('cluster-node', '3e'.repeat(32));
    const added = await runCli(
      ['central', 'nodes', 'add', '--id', node.nodeId, '--key', node.publicRaw.toString('hex')],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    const ports = [await freePort(), await freePort()];
    for (const port of ports) centrals.push(startCli(['central', '--port', String(port)], env));
    await Promise.all(centrals.map((c) => c.waitFor(/listening on/)));

    const total = 600;
    for (let i = 0; i < total; i++)
      node.add({
        kind: i % 3 === 0 ? 'decision' : 'inspection',
        lane: i % 3 === 0 ? 1 : 0,
        payload: i % 3 === 0 ? golden('decision', { passageId: `p${i}` }) : undefined,
      });
    const send = async (port: number, from: number, to: number, batchSeq: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/v1/uplink`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: Buffer.from(node.signed(node.records.slice(from, to), batchSeq)),
      });
      expect(res.status).toBe(200);
      return Ack.decode(new Uint8Array(await res.arrayBuffer()));
    };
    // Overlapping windows, each sent to both instances at once, later windows racing earlier ones.
    const sends: Array<Promise<unknown>> = [];
    let batchSeq = 0;
    for (let from = 0; from < total; from += 40) {
      const to = Math.min(total, from + 60);
      sends.push(send(ports[0] as number, from, to, ++batchSeq), send(ports[1] as number, from, to, ++batchSeq));
      if ((from / 40) % 3 === 2)
        sends.push(send(ports[(from / 40) % 2] as number, Math.max(0, from - 80), from, ++batchSeq));
    }
    const acks = (await Promise.all(sends)) as Array<{ rejected: unknown[] }>;
    expect(acks.flatMap((a) => a.rejected)).toEqual([]);

    const report = await (
      await fetch(`http://127.0.0.1:${ports[1]}/v1/nodes/${node.nodeId}/report`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      })
    ).json();
    expect(report).toMatchObject({
      records: total,
      highestContiguousSeq: total,
      gaps: [],
      chain: { verified: true, pendingLinks: 0, brokenLinks: 0 },
    });
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    const dupes = await c.query('SELECT idempotency_key FROM records GROUP BY idempotency_key HAVING COUNT(*) > 1');
    await c.end();
    expect(dupes.rows).toEqual([]);
  }, 120_000);
});
