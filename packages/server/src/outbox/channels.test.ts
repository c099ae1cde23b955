import { describe, expect, it } from 'vitest';
import { loadEnv } from '../env.js';
import { channelConfigOf, channelProviders, smsCodeSender } from './channels.js';

const ALIYUN = {
  QISU_SMS_PROVIDER: 'aliyun',
  QISU_SMS_ALIYUN_ACCESS_KEY_ID: 'LTAI-id',
  QISU_SMS_ALIYUN_ACCESS_KEY_SECRET: 'secret',
  QISU_SMS_ALIYUN_SIGN_NAME: '开化县营商办',
  QISU_SMS_ALIYUN_TEMPLATE_CODE: 'SMS_1',
  QISU_SMS_ALIYUN_CODE_TEMPLATE: 'SMS_CODE',
};
const WECHAT = {
  QISU_WECHAT_PROVIDER: 'official-account',
  QISU_WECHAT_APP_ID: 'wx1',
  QISU_WECHAT_APP_SECRET: 'secret',
  QISU_WECHAT_TEMPLATE_ID: 'TPL',
};

describe('SMS and WeChat settings of the environment', () => {
  it('keeps the development providers by default', () => {
    const env = loadEnv({});
    const config = channelConfigOf(env, '/tmp/outbox.log');
    expect(config).toEqual({ sms: 'dev', wechat: 'dev', logPath: '/tmp/outbox.log' });
    expect(channelProviders(config).map((p) => p.channel)).toEqual(['inApp', 'sms', 'wechat']);
    expect(smsCodeSender(config)).not.toBeNull();
    expect(smsCodeSender({ ...config, sms: 'off' })).toBeNull();
  });

  it('reads Alibaba Cloud and the official account, with their template maps and defaults', () => {
    const env = loadEnv({
      ...ALIYUN,
      ...WECHAT,
      QISU_SMS_ALIYUN_TEMPLATES: 'caseReplied=SMS_REPLIED, caseDispatched=SMS_DISPATCHED',
      QISU_SMS_ALIYUN_ENDPOINT: 'http://127.0.0.1:9',
      QISU_WECHAT_TEMPLATE_FIELDS: 'thing1=title,character_string2=number,time3=time',
      QISU_PUBLIC_URL: 'https://qisu.example.gov.cn',
    });
    const config = channelConfigOf(env, '/tmp/outbox.log');
    expect(config.aliyun).toMatchObject({
      signName: '开化县营商办',
      endpoint: 'http://127.0.0.1:9',
      templateCode: 'SMS_1',
      contentParam: 'content',
      templates: { caseReplied: 'SMS_REPLIED', caseDispatched: 'SMS_DISPATCHED' },
      codeTemplate: 'SMS_CODE',
    });
    expect(config.wechatOfficial).toMatchObject({
      apiBase: 'https://api.weixin.qq.com',
      templateId: 'TPL',
      fields: { thing1: 'title', character_string2: 'number', time3: 'time' },
      publicUrl: 'https://qisu.example.gov.cn',
    });
    expect(channelProviders(config).map((p) => p.channel)).toEqual(['inApp', 'sms', 'wechat']);
  });

  it('stops at start naming what a real provider lacks', () => {
    expect(() => loadEnv({ QISU_SMS_PROVIDER: 'aliyun' })).toThrow(
      /QISU_SMS_ALIYUN_ACCESS_KEY_ID: required when QISU_SMS_PROVIDER=aliyun/,
    );
    expect(() => loadEnv({ ...ALIYUN, QISU_SMS_ALIYUN_TEMPLATE_CODE: '' })).toThrow(/QISU_SMS_ALIYUN_TEMPLATE_CODE/);
    expect(() => loadEnv({ ...ALIYUN, QISU_SMS_ALIYUN_TEMPLATES: 'caseClosed=SMS_9' })).toThrow(
      /unknown text “caseClosed”/,
    );
    expect(() => loadEnv({ QISU_WECHAT_PROVIDER: 'official-account', QISU_WECHAT_APP_ID: 'wx1' })).toThrow(
      /QISU_WECHAT_APP_SECRET: required/,
    );
    expect(() => loadEnv({ ...WECHAT, QISU_WECHAT_TEMPLATE_FIELDS: 'first=content' })).toThrow(
      /first: expected one of/,
    );
  });
});
