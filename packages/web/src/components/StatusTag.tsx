import { Tag } from 'antd';
import { useI18n } from '../i18n/i18n';
import { label, STATUS_COLOURS, STATUS_LABELS } from '../lib/labels';

export function StatusTag({ status }: { status: string }) {
  const { lang } = useI18n();
  return <Tag color={STATUS_COLOURS[status] ?? 'default'}>{label(STATUS_LABELS, status, lang)}</Tag>;
}
