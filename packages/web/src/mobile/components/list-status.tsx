import { Alert, Card, Empty, Skeleton } from 'antd';
import type { I18n } from '../../i18n/i18n';

/**
 * Where a phone list stands: a skeleton until its first answer, the failure, or the empty card
 * once it answered with nothing; nothing while it has items. Called, not rendered as an element,
 * so that the page's column spaces each of these as its own row.
 */
export function listStatus(
  t: I18n['t'],
  load: { data: readonly unknown[] | null; loading: boolean; error: string | null },
  emptyText: string,
) {
  return (
    <>
      {load.loading && !load.data && <Skeleton active paragraph={{ rows: 4 }} />}
      {load.error && <Alert type="error" showIcon role="alert" title={`${t('loadFailed')}: ${load.error}`} />}
      {load.data?.length === 0 && (
        <Card>
          <Empty description={emptyText} />
        </Card>
      )}
    </>
  );
}
