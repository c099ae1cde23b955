import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One template message the fake took, with the token it came with. */
export interface FakeTemplateSend {
  token: string;
  touser: string;
  template_id: string;
  url?: string;
  data: Record<string, { value: string }>;
}

/** A local stand-in for the WeChat official accounts API on 127.0.0.1, for tests only. */
export interface FakeWechat {
  /** `http://127.0.0.1:<port>`, for `QISU_WECHAT_API_BASE`. */
  url: string;
  /** Tokens issued, oldest first. */
  tokens: string[];
  /** Template messages accepted, in order. */
  sends: FakeTemplateSend[];
  /** Calls refused for a token the fake no longer takes (answered 40001). */
  refusedTokens: number;
  /** Stops taking a token (another process renewed it, or it lapsed): its next use answers 40001. */
  retire(token: string): void;
  /** The next `times` sends answer this errcode. */
  failNext(errcode: number, errmsg: string, times?: number): void;
  close(): Promise<void>;
}

/**
 * Starts the fake on 127.0.0.1 (port 0): `GET /cgi-bin/token` issues `token-1`, `token-2` … for the
 * right app id and secret (expires_in 7200), and `POST /cgi-bin/message/template/send` records the
 * message when its token is live, else answers errcode 40001.
 */
export async function startFakeWechat(app: { appId: string; appSecret: string }): Promise<FakeWechat> {
  const retired = new Set<string>();
  const failures: { errcode: number; errmsg: string }[] = [];
  const fake = { url: '', tokens: [] as string[], sends: [] as FakeTemplateSend[], refusedTokens: 0 };
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
        const q = url.searchParams;
        if (q.get('grant_type') !== 'client_credential' || q.get('appid') !== app.appId) {
          json(res, { errcode: 40013, errmsg: 'invalid appid' });
        } else if (q.get('secret') !== app.appSecret) {
          json(res, { errcode: 40125, errmsg: 'invalid appsecret' });
        } else {
          const token = `token-${fake.tokens.length + 1}`;
          fake.tokens.push(token);
          json(res, { access_token: token, expires_in: 7200 });
        }
        return;
      }
      if (req.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') {
        const token = url.searchParams.get('access_token') ?? '';
        if (!fake.tokens.includes(token) || retired.has(token)) {
          fake.refusedTokens++;
          json(res, { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
          return;
        }
        const failure = failures.shift();
        if (failure) {
          json(res, failure);
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<FakeTemplateSend, 'token'>;
        fake.sends.push({ token, ...body });
        json(res, { errcode: 0, errmsg: 'ok', msgid: fake.sends.length });
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    retire(token: string) {
      retired.add(token);
    },
    failNext(errcode: number, errmsg: string, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ errcode, errmsg });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
