import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { askLoginCode, mobileOf } from '../lib/sms-login';
import { errorText } from './useLoad';
import { useCountdown } from './useCountdown';

interface Values {
  mobile: string;
  code: string;
}

/**
 * The phone login by SMS code: the mobile, a "获取验证码" button that counts down the server's
 * wait (60 s) before it may be pressed again, the code, and the login. The server's refusals (a
 * wrong or expired code, a locked mobile, codes asked for too often) are shown as it words them,
 * in the user's language.
 */
export function SmsLoginForm() {
  const { t } = useI18n();
  const { loginBySms } = useSession();
  const [form] = Form.useForm<Values>();
  const countdown = useCountdown();
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);

  const send = async () => {
    if (sending || countdown.remaining > 0) return;
    setError(null);
    let values: Pick<Values, 'mobile'>;
    try {
      values = await form.validateFields(['mobile']);
    } catch {
      return;
    }
    setSending(true);
    try {
      const answer = await askLoginCode(mobileOf(values.mobile) ?? values.mobile);
      countdown.start(answer.resendAfterSeconds);
      setSent(t('mobSmsSent', { minutes: Math.round(answer.expiresInSeconds / 60) }));
    } catch (e) {
      setSent(null);
      setError(errorText(e, t('mobUnexpected')));
    } finally {
      setSending(false);
    }
  };

  const submit = async (values: Values) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await loginBySms(mobileOf(values.mobile) ?? values.mobile, values.code.trim());
    } catch (e) {
      setError(errorText(e, t('mobUnexpected')));
      setBusy(false);
    }
  };

  return (
    <>
      <Typography.Paragraph type="secondary">{t('mobSmsHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      {sent && !error && <Alert type="success" showIcon title={sent} style={{ marginBottom: 16 }} />}
      <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} size="large">
        <Form.Item
          label={t('mobMobile')}
          name="mobile"
          rules={[
            { required: true, message: t('mobMobileRequired') },
            {
              validator: (_, value: string | undefined) =>
                !value || mobileOf(value) ? Promise.resolve() : Promise.reject(new Error(t('mobMobileInvalid'))),
            },
          ]}
        >
          <Input inputMode="tel" autoComplete="tel" maxLength={20} />
        </Form.Item>
        <Form.Item label={t('mobSmsCode')} required>
          <Space.Compact block>
            <Form.Item
              name="code"
              noStyle
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('mobSmsCodeRequired') }]}
            >
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} aria-label={t('mobSmsCode')} />
            </Form.Item>
            <Button
              onClick={() => void send()}
              loading={sending}
              disabled={countdown.remaining > 0}
              style={{ minWidth: 132 }}
            >
              {countdown.remaining > 0 ? t('mobSmsResend', { seconds: countdown.remaining }) : t('mobSmsSend')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={busy}>
          {t('login')}
        </Button>
      </Form>
    </>
  );
}
