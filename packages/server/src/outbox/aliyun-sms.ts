import Dysmsapi, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { NotificationTextKey } from '@qisu/core';
import { maskPersonalText, MESSAGE_TITLE_MAX } from '@qisu/core';
import type { ChannelMessage, ChannelProvider, SmsCodeSender } from './channels.js';

/**
 * Alibaba Cloud SMS (短信服务, API dysmsapi 2017-05-25, action `SendSms`) through the official SDK
 * `@alicloud/dysmsapi20170525`. The SDK signs each request itself (signature V3,
 * ACS3-HMAC-SHA256, over the method, query, `host` and `x-acs-*` headers) and takes any endpoint
 * with a protocol, so tests point it at a plain HTTP fake on 127.0.0.1 that recomputes the
 * signature. It makes no request of its own besides `SendSms` (the credentials are the static
 * key given here) and never retries: the outbox does, with back-off.
 *
 * Mainland SMS only carries texts of templates the account had approved, under an approved
 * signature (签名). Two ways are offered: one approved template per catalogue text
 * (`templates`, given `number`, `title` and the other parameters), or one general template whose
 * single parameter (`contentParam`, `content` by default) carries the whole text of the
 * jurisdiction's message template; the first wins where both exist.
 */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名), e.g. 开化县营商办. */
  signName: string;
  /** `https://dysmsapi.aliyuncs.com` unless changed; `http://127.0.0.1:<port>` for a local fake. */
  endpoint: string;
  /** The general template's code (`SMS_…`), whose one parameter carries the whole text. */
  templateCode: string | null;
  /** The name of that parameter. */
  contentParam: string;
  /** Approved templates per catalogue text, e.g. `{ caseReplied: 'SMS_123' }`. */
  templates: Partial<Record<NotificationTextKey, string>>;
  /** The login-code template (`${code}`), for the login by SMS code; none: that login is off. */
  codeTemplate: string | null;
  /** Connect and read timeout of one request, in milliseconds. */
  timeoutMs?: number;
}

/**
 * The SDK's client class. The SDK is CommonJS: Node gives a default import its whole exports
 * object (the class is its `default`), some loaders (vitest's) the class itself.
 */
const SdkClient: typeof Dysmsapi.default =
  (Dysmsapi as unknown as { default?: typeof Dysmsapi.default }).default ??
  (Dysmsapi as unknown as typeof Dysmsapi.default);

/**
 * The gateway refused a message (a `Code` other than `OK`, or an HTTP error): its code and message,
 * with any mobile number in the message masked. Thrown so that the outbox retries the row.
 */
export class AliyunSmsError extends Error {
  constructor(
    readonly code: string,
    gatewayMessage: string,
  ) {
    super(`阿里云短信发送失败 / Aliyun SMS refused: ${code} ${maskPersonalText(gatewayMessage)}`.trim());
    this.name = 'AliyunSmsError';
  }
}

/** What one `SendSms` carries besides the signature: the number, the template and its parameters. */
export interface AliyunSmsRequest {
  mobile: string;
  templateCode: string;
  params: Record<string, string>;
}

/** A client of the SMS API for one account; one instance serves every message (it keeps no state per call). */
export class AliyunSmsClient {
  private readonly client: InstanceType<typeof SdkClient>;

  constructor(private readonly config: AliyunSmsConfig) {
    const url = new URL(config.endpoint.includes('://') ? config.endpoint : `https://${config.endpoint}`);
    const timeout = config.timeoutMs ?? 10_000;
    this.client = new SdkClient(
      new $OpenApiUtil.Config({
        accessKeyId: config.accessKeyId,
        accessKeySecret: config.accessKeySecret,
        endpoint: url.host,
        protocol: url.protocol.replace(':', ''),
        connectTimeout: timeout,
        readTimeout: timeout,
      }),
    );
  }

  /** Sends one SMS; resolves with the gateway's BizId, throws `AliyunSmsError` when it is not sent. */
  async send(request: AliyunSmsRequest): Promise<string> {
    let body: { code?: string; message?: string; bizId?: string } | undefined;
    try {
      const response = await this.client.sendSms(
        new SendSmsRequest({
          phoneNumbers: request.mobile,
          signName: this.config.signName,
          templateCode: request.templateCode,
          templateParam: JSON.stringify(request.params),
        }),
      );
      body = response.body;
    } catch (error) {
      // The SDK's own errors may quote the request (the number among it): keep code and message only.
      const e = error as { code?: unknown; data?: { Code?: unknown; Message?: unknown }; message?: unknown };
      const given = e.data?.Code ?? e.code;
      const code = typeof given === 'string' || typeof given === 'number' ? String(given) : 'NETWORK';
      const message = typeof e.data?.Message === 'string' ? e.data.Message : 'no answer from the gateway';
      throw new AliyunSmsError(code, message);
    }
    if (body?.code !== 'OK') throw new AliyunSmsError(body?.code ?? 'UNKNOWN', body?.message ?? '');
    return body.bizId ?? '';
  }
}

/** The template and parameters of one outbox message: its own template if approved, else the general one. */
export function aliyunTemplateOf(
  config: Pick<AliyunSmsConfig, 'templates' | 'templateCode' | 'contentParam'>,
  m: Pick<ChannelMessage, 'textKey' | 'params' | 'text'>,
): { templateCode: string; params: Record<string, string> } {
  const own = config.templates[m.textKey];
  if (own) {
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(m.params)) {
      if (value === '') continue;
      const chars = [...value];
      params[name] = chars.length > MESSAGE_TITLE_MAX ? `${chars.slice(0, MESSAGE_TITLE_MAX - 1).join('')}…` : value;
    }
    return { templateCode: own, params };
  }
  if (!config.templateCode) {
    throw new AliyunSmsError('QISU_NO_TEMPLATE', `no template for ${m.textKey} and no general template`);
  }
  return { templateCode: config.templateCode, params: { [config.contentParam]: m.text } };
}

/**
 * The SMS channel over Alibaba Cloud: each message to the user's decrypted mobile under the
 * jurisdiction's text. A user without a mobile is skipped (nothing to send, not an error); a
 * refusal throws, so the row is retried with back-off.
 */
export function aliyunSmsProvider(config: AliyunSmsConfig, client = new AliyunSmsClient(config)): ChannelProvider {
  return {
    channel: 'sms',
    send: async (_trx, m) => {
      if (!m.mobile) return;
      const { templateCode, params } = aliyunTemplateOf(config, m);
      await client.send({ mobile: m.mobile, templateCode, params });
    },
  };
}

/** The login-code sender over Alibaba Cloud, or null when no code template is configured. */
export function aliyunSmsCodeSender(
  config: AliyunSmsConfig,
  client = new AliyunSmsClient(config),
): SmsCodeSender | null {
  const template = config.codeTemplate;
  if (!template) return null;
  return {
    sendLoginCode: async (mobile, code) => {
      await client.send({ mobile, templateCode: template, params: { code } });
    },
  };
}
