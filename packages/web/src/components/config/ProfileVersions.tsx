import { Alert, Button, Drawer, Space, Spin, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { ProfileDocument, ProfileVersionItem } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import { shanghaiTime } from '../../lib/clock';
import { ProfileView } from './ProfileView';

interface Props {
  /** The active version, marked in the list. */
  active: number;
  /** Changes whenever a new version is stored, to list it. */
  refresh: number;
  /** When set (admins), an old version can be taken into the editor. */
  onEdit?: ((profile: ProfileDocument) => void) | undefined;
}

/** Every stored version with who stored it and when; any one opens read-only beside the list. */
export function ProfileVersions({ active, refresh, onEdit }: Props) {
  const { t } = useI18n();
  const [versions, setVersions] = useState<ProfileVersionItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [open, setOpen] = useState<number | null>(null);
  const [shown, setShown] = useState<{ profile: ProfileDocument | null; error: string | null }>({
    profile: null,
    error: null,
  });

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api<ProfileVersionItem[]>('/api/v1/profile/versions')
      .then(setVersions, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load, refresh]);

  useEffect(() => {
    if (open === null) return;
    let current = true;
    setShown({ profile: null, error: null });
    api<ProfileDocument>(`/api/v1/profile/versions/${open}`).then(
      (profile) => current && setShown({ profile, error: null }),
      (e: unknown) => current && setShown({ profile: null, error: e instanceof ApiError ? e.message : String(e) }),
    );
    return () => {
      current = false;
    };
  }, [open]);

  return (
    <>
      {error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error}`}
          action={<Button onClick={load}>{t('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<ProfileVersionItem>
        rowKey="version"
        size="small"
        loading={loading}
        dataSource={versions ?? []}
        locale={{ emptyText: t('cfgNoVersions') }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: t('cfgVersionCol'),
            dataIndex: 'version',
            width: 140,
            render: (v: number) => (
              <Space>
                {t('cfgVersion', { n: v })}
                {v === active && <Tag color="blue">{t('cfgActive')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cfgChangedBy'),
            width: 180,
            render: (_, row) => row.createdByName ?? (row.createdBy ? row.createdBy : t('cfgSystem')),
          },
          { title: t('cfgChangedAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => shanghaiTime(v) },
          { title: t('cfgChangeNote'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          {
            title: '',
            width: 90,
            render: (_, row) => (
              <Button size="small" onClick={() => setOpen(row.version)} aria-label={`${t('cfgView')} ${row.version}`}>
                {t('cfgView')}
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={open !== null}
        onClose={() => setOpen(null)}
        title={open !== null ? t('cfgVersionTitle', { n: open }) : ''}
        size="large"
        extra={
          onEdit && shown.profile ? (
            <Button
              onClick={() => {
                if (shown.profile) onEdit(shown.profile);
                setOpen(null);
              }}
            >
              {t('cfgEditFromVersion')}
            </Button>
          ) : null
        }
      >
        {shown.error ? (
          <Alert type="error" showIcon title={`${t('loadFailed')}: ${shown.error}`} />
        ) : shown.profile ? (
          <ProfileView profile={shown.profile} />
        ) : (
          <Spin style={{ display: 'block', margin: '48px auto' }} />
        )}
      </Drawer>
    </>
  );
}
