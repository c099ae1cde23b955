import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
import { useI18n } from '../../i18n/i18n';

/** An admin screen's failed load: the server's message and a button to try again. */
export function LoadFailedAlert(props: { error: string; onRetry: () => void; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      title={t('admLoadFailed', { message: props.error })}
      action={<Button onClick={props.onRetry}>{t('admRetry')}</Button>}
      style={props.style}
    />
  );
}
