import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One `SendSms` the fake took: its parameters as the gateway reads them. */
export interface FakeSms {
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
}

/** A local stand-in for Alibaba Cloud SMS (dysmsapi 2017-05-25) on 127.0.0.1, for tests only. */
export interface FakeAliyunSms {
  /** `http://127.0.0.1:<port>`, for `QISU_SMS_ALIYUN_ENDPOINT`. */
  url: string;
  /** Messages accepted (signed correctly and not told to fail), in order. */
  sent: FakeSms[];
  /** Requests refused because their signature did not match. */
  badSignatures: number;
  /** The next `times` correctly signed requests answer this error code instead of OK. */
  failNext(code: string, message: string, times?: number): void;
  close(): Promise<void>;
}

const SIGNED_ALWAYS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
];

/** RFC 3986 percent-encoding as the V3 signature wants it (`!'()*` encoded too, `~` kept). */
function percent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Recomputes the V3 signature (ACS3-HMAC-SHA256) of a request from the published algorithm,
 * independently of the SDK: canonical request = method, path, sorted percent-encoded query, the
 * signed headers as `name:value` lines, their names, and the hex SHA-256 of the body; the string
 * to sign is the algorithm and the hex SHA-256 of that; the signature its hex HMAC-SHA256 with the
 * secret. Null when it matches, else why not.
 */
export function acs3Problem(
  req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>,
  body: Buffer,
  keys: { accessKeyId: string; accessKeySecret: string },
): string | null {
  const auth = String(req.headers['authorization'] ?? '');
  const match = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match) return 'no ACS3-HMAC-SHA256 authorization';
  const [, credential = '', signedText = '', signature = ''] = match;
  if (credential !== keys.accessKeyId) return `unknown access key ${credential}`;
  const signed = signedText.split(';');
  const missing = SIGNED_ALWAYS.filter((h) => !signed.includes(h));
  if (missing.length > 0) return `headers not signed: ${missing.join(', ')}`;
  if (req.headers['x-acs-content-sha256'] !== sha256(body)) return 'x-acs-content-sha256 is not the body’s';
  const url = new URL(req.url ?? '/', 'http://fake');
  const query = [...url.searchParams]
    .map(([k, v]) => [percent(k), percent(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signed.map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signed.join(';'), sha256(body)].join('\n');
  const expected = createHmac('sha256', keys.accessKeySecret)
    .update(`ACS3-HMAC-SHA256\n${sha256(canonical)}`)
    .digest('hex');
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature)) ? null : 'signature does not match';
}

/**
 * Starts the fake on 127.0.0.1 (port 0): it checks each request's signature against the given key,
 * that the action is `SendSms` of version 2017-05-25, and answers `{"Code":"OK",…}`, or the error it
 * was told to give, or `SignatureDoesNotMatch` (HTTP 400) as the real gateway does.
 */
export async function startFakeAliyunSms(keys: {
  accessKeyId: string;
  accessKeySecret: string;
}): Promise<FakeAliyunSms> {
  const failures: { code: string; message: string }[] = [];
  const fake = {
    url: '',
    sent: [] as FakeSms[],
    badSignatures: 0,
  };
  const answer = (res: ServerResponse, status: number, body: Record<string, string>) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify({ RequestId: 'fake-request', ...body }));
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = acs3Problem(req, body, keys);
      if (problem) {
        fake.badSignatures++;
        answer(res, 400, { Code: 'SignatureDoesNotMatch', Message: `Specified signature is not matched: ${problem}` });
        return;
      }
      if (req.headers['x-acs-action'] !== 'SendSms' || req.headers['x-acs-version'] !== '2017-05-25') {
        answer(res, 404, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found' });
        return;
      }
      const q = new URL(req.url ?? '/', 'http://fake').searchParams;
      const failure = failures.shift();
      if (failure) {
        answer(res, 200, { Code: failure.code, Message: failure.message });
        return;
      }
      fake.sent.push({
        phoneNumbers: q.get('PhoneNumbers') ?? '',
        signName: q.get('SignName') ?? '',
        templateCode: q.get('TemplateCode') ?? '',
        templateParam: JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>,
      });
      answer(res, 200, { Code: 'OK', Message: 'OK', BizId: `biz-${fake.sent.length}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    failNext(code: string, message: string, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ code, message });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
