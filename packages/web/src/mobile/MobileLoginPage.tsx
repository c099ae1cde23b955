import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { SmsLoginForm } from './components/SmsLoginForm';
import { errorText } from './components/useLoad';
import { safeNext } from './lib/paths';

interface Values {
  username: string;
  password: string;
}

/**
 * The enterprise contact's login on the phone: by username and password (the console's login
 * API), or by a code sent by SMS to the contact's registered mobile (`?via=sms` opens that tab).
 * After it the user goes where `?next=` says (inside the mobile area only). A staff account may
 * go on too; the frame then offers the console.
 */
export default function MobileLoginPage() {
  const { t } = useI18n();
  const { user, login } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Already signed in (or just signed in): go on.
  useEffect(() => {
    if (user) void navigate(next, { replace: true });
  }, [user, next, navigate]);

  const submit = async (values: Values) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await login(values.username.trim(), values.password);
    } catch (e) {
      setError(errorText(e, t('mobUnexpected')));
      setBusy(false);
    }
  };

  const byPassword = (
    <>
      <Typography.Paragraph type="secondary">{t('mobLoginHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form<Values> layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)} size="large">
        <Form.Item label={t('username')} name="username" rules={[{ required: true, message: t('usernameRequired') }]}>
          <Input autoComplete="username" autoCapitalize="none" autoCorrect="off" inputMode="text" />
        </Form.Item>
        <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('passwordRequired') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} disabled={busy}>
          {t('login')}
        </Button>
      </Form>
    </>
  );

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('mobLoginTitle')}
      </Typography.Title>
      <Tabs
        defaultActiveKey={params.get('via') === 'sms' ? 'sms' : 'password'}
        items={[
          { key: 'password', label: t('mobLoginByPassword'), children: byPassword },
          { key: 'sms', label: t('mobLoginBySms'), children: <SmsLoginForm /> },
        ]}
      />
    </Card>
  );
}
