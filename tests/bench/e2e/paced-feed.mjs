// A feed the subscriber, not a broker, paces: it answers MQTT 3.1.1 CONNECT and SUBSCRIBE and then
// writes the bench traffic (traffic.mjs), encoded up front as QoS 0 PUBLISH packets, to each
// subscriber as fast as its socket takes them. It does no routing and almost no work, so what a
// subscriber receives per second is what that subscriber can take. Prints {port} when listening.
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { createServer } from 'node:net';
import process from 'node:process';
import { packet, publishPacket } from './raw-flood.mjs';
import { say } from './line-protocol.mjs';
import { traffic } from './traffic.mjs';

const count = Number(process.argv[2] ?? 300_000);
const next = traffic();
const chunks = [];
for (let sent = 0; sent < count; ) {
  const parts = [];
  for (const end = Math.min(count, sent + 2000); sent < end; sent++) parts.push(publishPacket(...next()));
  chunks.push(Buffer.concat(parts));
}

/** Splits complete MQTT packets off the front of `buf`: [type, body][] and what is left. */
function packets(buf) {
  const out = [];
  let at = 0;
  for (;;) {
    let len = 0;
    let mul = 1;
    let p = at + 1;
    for (; p < buf.length; p++) {
      len += (buf[p] & 127) * mul;
      mul *= 128;
      if ((buf[p] & 128) === 0) break;
    }
    if (p >= buf.length || p + 1 + len > buf.length) return [out, buf.subarray(at)];
    out.push([buf[at] >> 4, buf.subarray(p + 1, p + 1 + len)]);
    at = p + 1 + len;
  }
}

async function stream(socket) {
  for (const c of chunks) if (!socket.write(c) && !socket.destroyed) await once(socket, 'drain');
}

const server = createServer({ noDelay: true }, (socket) => {
  let rest = Buffer.alloc(0);
  let streaming = false;
  socket.on('error', () => undefined);
  socket.on('data', (data) => {
    let got;
    [got, rest] = packets(Buffer.concat([rest, data]));
    for (const [type, body] of got) {
      if (type === 1)
        socket.write(Buffer.from([0x20, 2, 0, 0])); // CONNACK, accepted
      else if (type === 8) {
        // SUBACK granting QoS 0 to each filter (a filter is a 2-byte length, the filter, a QoS byte).
        let filters = 0;
        for (let p = 2; p < body.length; p += 3 + body.readUInt16BE(p)) filters++;
        socket.write(packet(0x90, Buffer.concat([body.subarray(0, 2), Buffer.alloc(filters, 0)])));
        if (!streaming) {
          streaming = true;
          void stream(socket);
        }
      } else if (type === 12)
        socket.write(Buffer.from([0xd0, 0])); // PINGRESP
      else if (type === 14) socket.end();
    }
  });
});
server.listen(0, '127.0.0.1', () => say({ ready: true, port: server.address().port }));
