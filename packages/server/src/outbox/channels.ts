import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Transaction } from 'kysely';
import type { NotificationChannel } from '@qisu/core';
import { maskMobile } from '@qisu/core';
import type { Database } from '../db/schema.js';
import { storeNotifications } from '../notifications/notifications.service.js';

/** One message of one outbox row to one user on one channel. */
export interface ChannelMessage {
  outboxId: number;
  userId: string;
  /** The whole number, decrypted for SMS and WeChat; null for in-app or a user without one. */
  mobile: string | null;
  topic: string;
  caseId: string | null;
  titleZh: string;
  titleEn: string;
  at: Date;
}

/**
 * A way to reach people. The dispatcher calls `send` once per user of a row, inside the
 * transaction that holds the row's lock, and records the delivery after it returns, so a retry
 * of the row skips it. `send` throws when the message did not go; the row is then retried with
 * back-off. A provider that leaves the database (SMS, WeChat) may send twice only if the process
 * dies between its send and the commit.
 */
export interface ChannelProvider {
  readonly channel: NotificationChannel;
  send(trx: Transaction<Database>, message: ChannelMessage): Promise<void>;
}

/** The console's bell: one stored notification per user and row. */
export const inAppProvider: ChannelProvider = {
  channel: 'inApp',
  send: async (trx, m) => {
    await storeNotifications(trx, [
      {
        userId: m.userId,
        outboxId: m.outboxId,
        type: m.topic,
        caseId: m.caseId,
        titleZh: m.titleZh,
        titleEn: m.titleEn,
        at: m.at,
      },
    ]);
  },
};

/**
 * The development provider of SMS or WeChat template messages: appends one JSON line per message
 * to a log file instead of sending, with the mobile number masked (138****1234). Appends are
 * atomic for lines this short, so several processes may share the file.
 */
export function devLogProvider(channel: 'sms' | 'wechat', logPath: string): ChannelProvider {
  let ready: Promise<unknown> | undefined;
  return {
    channel,
    send: async (_trx, m) => {
      ready ??= mkdir(dirname(logPath), { recursive: true });
      await ready;
      const line = {
        at: m.at.toISOString(),
        channel,
        to: maskMobile(m.mobile),
        userId: m.userId,
        topic: m.topic,
        caseId: m.caseId,
        text: m.titleZh,
        outboxId: m.outboxId,
      };
      await appendFile(logPath, `${JSON.stringify(line)}\n`, 'utf8');
    },
  };
}

/** Which provider each external channel uses; `off` sends nothing on that channel. */
export interface ChannelConfig {
  sms: 'dev' | 'off';
  wechat: 'dev' | 'off';
  /** The development providers' log file, e.g. `QISU_DATA_DIR/outbox.log`. */
  logPath: string;
}

/** The providers of a configuration: in-app always, SMS and WeChat as configured. */
export function channelProviders(config: ChannelConfig): ChannelProvider[] {
  const providers: ChannelProvider[] = [inAppProvider];
  if (config.sms === 'dev') providers.push(devLogProvider('sms', config.logPath));
  if (config.wechat === 'dev') providers.push(devLogProvider('wechat', config.logPath));
  return providers;
}
