import { request } from 'node:http';

/** The terminal's event stream as a browser holds it: what arrived so far, and whether the server ended it. */
export function openEventStream(port: number, cookie: string): { text: string; ended: boolean } {
  const stream = { text: '', ended: false };
  request({ host: '127.0.0.1', port, path: '/api/v1/events', headers: { cookie } }, (res) => {
    res.setEncoding('utf8');
    res.on('data', (d: string) => {
      stream.text += d;
    });
    res.on('end', () => {
      stream.ended = true;
    });
  }).end();
  return stream;
}
