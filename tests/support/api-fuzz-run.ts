import { PayloadFuzzer } from './payload-fuzz.js';
import type { TestApp } from './test-app.js';

interface Operation {
  method: string;
  path: string;
  bodyKeys: string[];
}

export interface ApiFuzzRun {
  requests: number;
  byStatus: Record<number, number>;
  /** Answers that break the contract: a 5xx, or a 4xx without a KAKOU_E_ code. */
  violations: Array<{ method: string; url: string; status: number; body: string }>;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }
    >
  >;
};

/** Every operation of the node's published OpenAPI document that takes a body or a path parameter. */
async function operations(t: TestApp, cookie: string): Promise<Operation[]> {
  const doc = (await t.app.web.app.inject({ url: '/docs/openapi.json', headers: { cookie } })).json() as OpenApi;
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const takesBody = op.requestBody !== undefined;
      if (!takesBody && !path.includes('{')) continue;
      // Logging out would end the fuzzer's own session; it is fuzzed by the access tests instead.
      if (method === 'delete' && path === '/api/v1/session') continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        bodyKeys: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
      });
    }
  }
  return ops;
}

/**
 * Sends `perOperation` hostile requests to every operation with a body or a path parameter, as an
 * administrator (so every route is reached): random JSON of every type, objects with the right
 * keys and wrong values, broken JSON, wrong content types, odd path parameters. The contract: no
 * 5xx, and every 4xx carries a coded error.
 */
export async function fuzzApi(t: TestApp, perOperation: number, seed: number): Promise<ApiFuzzRun> {
  const f = new PayloadFuzzer(seed);
  let cookie = await t.login('admin');
  const ops = await operations(t, cookie);
  const run: ApiFuzzRun = { requests: 0, byStatus: {}, violations: [] };
  const param = () => {
    if (f.value() === null) return 'vessel:413800101';
    try {
      return encodeURIComponent(String(f.value()).slice(0, 200) || 'x');
    } catch {
      return '%ED%A0%80%FF'; // a lone surrogate: sent as the invalid UTF-8 it would be on the wire
    }
  };
  for (const op of ops) {
    for (let i = 0; i < perOperation; i++) {
      const url = op.path.replace(/\{[^}]+\}/g, param);
      const k = i % 10;
      let payload: string | Buffer;
      let contentType = 'application/json';
      if (k < 4) payload = JSON.stringify(f.value());
      else if (k < 8)
        payload = JSON.stringify(
          Object.fromEntries(op.bodyKeys.filter(() => f.value() !== null).map((key) => [key, f.value()])),
        );
      else if (k === 8)
        payload = f.damage(
          Buffer.from(
            JSON.stringify({ targetId: 'vessel:413800101', result: 'no-defects', action: 'release', defects: [] }),
          ),
        );
      else {
        payload = f.damage(
          Buffer.from('--x\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\n\r\n\x89PNG\r\n--x--'),
        );
        contentType = [
          'text/plain',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'image/png',
        ][i % 4] as string;
      }
      const res = await t.app.web.app.inject({
        method: op.method as 'POST',
        url,
        headers: { cookie, 'content-type': contentType },
        payload,
      });
      run.requests++;
      run.byStatus[res.statusCode] = (run.byStatus[res.statusCode] ?? 0) + 1;
      const coded = res.statusCode < 400 || /"code":"KAKOU_E_[A-Z_]+"/.test(res.body);
      if ((res.statusCode >= 500 || !coded) && run.violations.length < 20)
        run.violations.push({ method: op.method, url, status: res.statusCode, body: res.body.slice(0, 300) });
      // An account change (a disabled user, a new role) may end the session: log in again.
      if (res.statusCode === 401) cookie = await t.login('admin');
    }
  }
  return run;
}
