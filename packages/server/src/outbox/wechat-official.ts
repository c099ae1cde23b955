import type { NotificationTextKey } from '@qisu/core';
import { formatShanghaiMinute } from '@qisu/core';
import type { ChannelMessage, ChannelProvider } from './channels.js';

/**
 * WeChat official-account template messages (公众号模板消息): an access token from
 * `GET /cgi-bin/token?grant_type=client_credential`, kept until shortly before it expires, and one
 * `POST /cgi-bin/message/template/send` per message to the user's openid, linking the case's phone
 * page. Plain `fetch` with a timeout: the API is two JSON calls and needs no SDK.
 *
 * Each server process keeps its own token. Asking for a new one makes WeChat retire the old one
 * within five minutes, so a process whose token was retired by another one's refresh gets errcode
 * 40001 (or 42001 when expired, 40014 when malformed), drops its token and tries once more with a
 * new one.
 */
export interface WechatOfficialConfig {
  appId: string;
  appSecret: string;
  /** `https://api.weixin.qq.com` unless changed; `http://127.0.0.1:<port>` for a local fake. */
  apiBase: string;
  /** The template used for every text without its own. */
  templateId: string | null;
  /** Templates per catalogue text, e.g. `{ caseReplied: '…' }`. */
  templates: Partial<Record<NotificationTextKey, string>>;
  /**
   * The template's data fields and what each carries: the whole text, the case number, its title,
   * or the time of the event (Asia/Shanghai). `thing…` fields are cut to 20 characters and
   * `character_string…` to 32, as WeChat requires of those kinds.
   */
  fields: Record<string, WechatFieldSource>;
  /** The platform's public address, for the link to the case's phone page; none: no link. */
  publicUrl: string | null;
  /** Timeout of one request, in milliseconds. */
  timeoutMs?: number;
}

/** What a template data field carries. */
export const WECHAT_FIELD_SOURCES = ['text', 'number', 'title', 'time'] as const;
/** One of `WECHAT_FIELD_SOURCES`. */
export type WechatFieldSource = (typeof WECHAT_FIELD_SOURCES)[number];

/** The classic template layout (标题 first, 编号 keyword1, 事项 keyword2, 时间 keyword3). */
export const WECHAT_DEFAULT_FIELDS: Record<string, WechatFieldSource> = {
  first: 'text',
  keyword1: 'number',
  keyword2: 'title',
  keyword3: 'time',
};

/** Errcodes that say the token is no longer good: 40001 invalid, 40014 malformed, 42001 expired. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);
/**
 * Errcodes that say this user cannot get the message however often it is tried: 40003 an openid
 * not of this account, 43004 a user who does not follow it. Skipped like a user without an openid.
 */
const RECIPIENT_ERRCODES = new Set([40003, 43004]);
/** A token is renewed this long before WeChat says it expires. */
const TOKEN_MARGIN_SECONDS = 300;

/** WeChat answered an errcode other than 0 (or no JSON at all); the row is retried. */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`微信模板消息发送失败 / WeChat refused: errcode ${errcode} ${errmsg}`.trim());
    this.name = 'WechatApiError';
  }
}

interface WechatAnswer {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
}

/**
 * A client of the official account: its token cache and the template send. `now` (milliseconds)
 * is injectable so tests move time instead of waiting.
 */
export class WechatOfficialClient {
  private token: { value: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly config: WechatOfficialConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token while it is fresh; otherwise one new one, shared by concurrent callers. */
  async accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.renewAt) return this.token.value;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Sends one template message; retries once with a new token when WeChat refuses the token. */
  async sendTemplate(message: { touser: string; templateId: string; url: string | null; data: WechatData }) {
    const body = JSON.stringify({
      touser: message.touser,
      template_id: message.templateId,
      ...(message.url ? { url: message.url } : {}),
      data: message.data,
    });
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      const answer = await this.call(`/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const code = answer.errcode ?? 0;
      if (code === 0) return 'sent' as const;
      if (TOKEN_ERRCODES.has(code) && attempt === 0) {
        if (this.token?.value === token) this.token = null;
        continue;
      }
      if (RECIPIENT_ERRCODES.has(code)) return 'unreachable' as const;
      throw new WechatApiError(code, answer.errmsg ?? '');
    }
  }

  private async fetchToken(): Promise<string> {
    const query = new URLSearchParams({
      grant_type: 'client_credential',
      appid: this.config.appId,
      secret: this.config.appSecret,
    });
    const answer = await this.call(`/cgi-bin/token?${query.toString()}`, { method: 'GET' });
    if (!answer.access_token) throw new WechatApiError(answer.errcode ?? -1, answer.errmsg ?? 'no access_token');
    const lifetime = Math.max(60, (answer.expires_in ?? 7200) - TOKEN_MARGIN_SECONDS);
    this.token = { value: answer.access_token, renewAt: this.now() + lifetime * 1000 };
    return answer.access_token;
  }

  /** One call; the address (it holds the secret or the token) never reaches an error message. */
  private async call(path: string, init: RequestInit): Promise<WechatAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.config.apiBase.replace(/\/+$/, '')}${path}`, {
        ...init,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new WechatApiError(-1, error instanceof Error ? error.name : 'network error');
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as WechatAnswer;
    } catch {
      throw new WechatApiError(-1, `HTTP ${response.status}, not JSON`);
    }
  }
}

/** A template message's `data`: each field's value (and no colour: WeChat ignores it today). */
export type WechatData = Record<string, { value: string }>;

const cut = (value: string, max: number) => {
  const chars = [...value];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : value;
};

/** The data of one message under a field layout, each value cut to what its field kind takes. */
export function wechatData(fields: Record<string, WechatFieldSource>, m: ChannelMessage): WechatData {
  const data: WechatData = {};
  for (const [field, source] of Object.entries(fields)) {
    const raw =
      source === 'text'
        ? m.text
        : source === 'number'
          ? (m.params['number'] ?? '')
          : source === 'title'
            ? (m.params['title'] ?? '')
            : formatShanghaiMinute(m.at);
    const max = field.startsWith('thing') ? 20 : field.startsWith('character_string') ? 32 : 200;
    data[field] = { value: cut(raw, max) };
  }
  return data;
}

/** The case's phone page on the platform's public address, or null without one of them. */
export function casePageUrl(publicUrl: string | null, caseId: string | null): string | null {
  if (!publicUrl || !caseId) return null;
  return `${publicUrl.replace(/\/+$/, '')}/m/cases/${encodeURIComponent(caseId)}`;
}

/**
 * The WeChat channel over an official account. A user without an openid, or one WeChat says
 * cannot receive (not following the account), is skipped — not an error; any other refusal
 * throws, so the row is retried with back-off.
 */
export function wechatOfficialProvider(
  config: WechatOfficialConfig,
  client = new WechatOfficialClient(config),
): ChannelProvider {
  return {
    channel: 'wechat',
    send: async (_trx, m) => {
      if (!m.wechatOpenid) return;
      const templateId = config.templates[m.textKey] ?? config.templateId;
      if (!templateId) throw new WechatApiError(-1, `no template for ${m.textKey} and no general template`);
      await client.sendTemplate({
        touser: m.wechatOpenid,
        templateId,
        url: casePageUrl(config.publicUrl, m.caseId),
        data: wechatData(config.fields, m),
      });
    },
  };
}
