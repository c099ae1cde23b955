import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { AdminUnit, AdminUser } from '../../api/models';
import { useSession } from '../../auth/session';
import { LoadFailedAlert } from '../../components/admin/LoadFailedAlert';
import { ResetPasswordModal } from '../../components/admin/ResetPasswordModal';
import { UserForm } from '../../components/admin/UserForm';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { ROLE_KEYS } from '../../lib/admin-labels';
import { shanghaiTime } from '../../lib/clock';
import { errorText } from '../../lib/form-errors';

/**
 * The jurisdiction's users for the admin: filtered on the server by name, role and unit, masked
 * mobiles and WeChat openids, each user's unit or — for an enterprise contact — enterprise, add and change in a drawer, reset a password, disable or enable (disabling ends the
 * user's sessions at once; the admin's own account cannot be disabled).
 */
export default function UsersPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user: me } = useSession();
  const [q, setQ] = useState('');
  const [role, setRole] = useState('');
  const [unitId, setUnitId] = useState('');
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(role ? { role } : {}), ...(unitId ? { unitId } : {}) });
  const users = useFetched<AdminUser[]>(`/api/v1/users?${query.toString()}`);
  const units = useFetched<AdminUnit[]>('/api/v1/units');
  const unitName = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u.name])), [units.data]);
  const [editing, setEditing] = useState<AdminUser | null | undefined>(undefined);
  const [resetting, setResetting] = useState<AdminUser | null>(null);

  const setDisabled = async (target: AdminUser, disabled: boolean) => {
    try {
      await api(`/api/v1/users/${target.id}`, { method: 'PUT', body: { disabled } });
      void message.success(t('admSaved'));
      users.reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };

  return (
    <Card
      title={t('admUsersTitle')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)}>
          {t('admUserAdd')}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('admUserSearch')}
          aria-label={t('admUserSearch')}
          onSearch={(v) => setQ(v.trim())}
          style={{ width: 260 }}
        />
        <Select
          style={{ width: 160 }}
          value={role}
          onChange={setRole}
          aria-label={t('admRoles')}
          options={[
            { value: '', label: t('admAllRoles') },
            ...Object.entries(ROLE_KEYS).map(([value, key]) => ({ value, label: t(key) })),
          ]}
        />
        <Select
          style={{ width: 240 }}
          value={unitId}
          onChange={setUnitId}
          aria-label={t('admUnit')}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: '', label: t('admAllUnits') },
            ...(units.data ?? []).map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      </Space>
      {users.error && <LoadFailedAlert error={users.error} onRetry={users.reload} style={{ marginBottom: 16 }} />}
      <Table<AdminUser>
        rowKey="id"
        loading={users.loading}
        dataSource={users.data ?? []}
        locale={{ emptyText: t('admEmpty') }}
        scroll={{ x: 1140 }}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('admTotal', { n }) }}
        columns={[
          { title: t('admUsername'), dataIndex: 'username', width: 170 },
          {
            title: t('admUserName'),
            dataIndex: 'name',
            width: 150,
            render: (name: string, u) => (
              <Space size={4}>
                {name}
                {u.id === me?.id && <Tag color="blue">{t('admSelf')}</Tag>}
              </Space>
            ),
          },
          { title: t('admMobile'), dataIndex: 'mobile', width: 130, render: (v: string | null) => v ?? '—' },
          {
            title: t('admWechatOpenid'),
            dataIndex: 'wechatOpenid',
            width: 140,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('admRoles'),
            dataIndex: 'roles',
            render: (roles: string[]) => roles.map((r) => <Tag key={r}>{ROLE_KEYS[r] ? t(ROLE_KEYS[r]) : r}</Tag>),
          },
          {
            title: t('admUnitOrEnterprise'),
            key: 'belongs',
            width: 260,
            ellipsis: true,
            render: (_, u) =>
              u.unitId ? (
                (unitName.get(u.unitId) ?? '—')
              ) : u.enterpriseId ? (
                <span data-testid={`user-enterprise-${u.username}`} title={u.enterpriseName ?? undefined}>
                  <Tag color="cyan">{t('admEnterpriseTag')}</Tag>
                  {u.enterpriseName ?? '—'}
                </span>
              ) : (
                '—'
              ),
          },
          {
            title: t('admStatus'),
            width: 110,
            render: (_, u) =>
              !u.active ? (
                <Tag>{t('admDisabled')}</Tag>
              ) : u.lockedUntil && new Date(u.lockedUntil) > new Date() ? (
                <Tag color="orange">{t('admLockedUntil', { time: shanghaiTime(u.lockedUntil) })}</Tag>
              ) : (
                <Tag color="green">{t('admActive')}</Tag>
              ),
          },
          {
            title: t('admActions'),
            width: 230,
            fixed: 'right',
            render: (_, u) => (
              <Space size={0} wrap>
                <Button type="link" onClick={() => setEditing(u)} aria-label={`${t('admEdit')} ${u.username}`}>
                  {t('admEdit')}
                </Button>
                <Button
                  type="link"
                  onClick={() => setResetting(u)}
                  aria-label={`${t('admResetPassword')} ${u.username}`}
                >
                  {t('admResetPassword')}
                </Button>
                {u.active ? (
                  u.id === me?.id ? (
                    <Tooltip title={t('admDisableSelf')}>
                      <Button type="link" danger disabled>
                        {t('admDisable')}
                      </Button>
                    </Tooltip>
                  ) : (
                    <Popconfirm
                      title={t('admConfirmDisable')}
                      okText={t('admYes')}
                      cancelText={t('admNo')}
                      onConfirm={() => void setDisabled(u, true)}
                    >
                      <Button type="link" danger aria-label={`${t('admDisable')} ${u.username}`}>
                        {t('admDisable')}
                      </Button>
                    </Popconfirm>
                  )
                ) : (
                  <Button type="link" onClick={() => void setDisabled(u, false)}>
                    {t('admEnable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <UserForm
        open={editing !== undefined}
        user={editing ?? null}
        units={units.data ?? []}
        selfId={me?.id}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          users.reload();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}
