import { PROJECT_STAGES } from '@qisu/core';
import type { ProjectStage } from '@qisu/core';
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Spin,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import type { AdminRegion, AdminUnit, LedgerEnterprise } from '../../api/models';
import type { Project, ProjectBody, ProjectDetail, ProjectList, StaffPerson } from '../../api/ledger';
import { projectsPath, saveProject } from '../../api/ledger';
import { useI18n } from '../../i18n/i18n';
import { useFetched } from '../../lib/admin-data';
import { errorText, showFieldError } from '../../lib/form-errors';

interface Props {
  /** The admin and the hub register and change projects; the others read their own. */
  keeper: boolean;
  units: AdminUnit[];
  regions: AdminRegion[];
  enterprises: LedgerEnterprise[];
}

const STAGE_COLOR: Record<ProjectStage, string> = {
  planned: 'default',
  signed: 'blue',
  building: 'orange',
  producing: 'green',
  completed: 'cyan',
};

/**
 * The project ledger with its "三个一" teams (seed 004 三(二)1: 一名领导、一个责任部门、一名项目
 * 专员): key projects first, filtered by key flag, stage and town; the keepers add and change them.
 */
export function ProjectsTab({ keeper, units, regions, enterprises }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [filter, setFilter] = useState({ key: '', stage: '', regionCode: '', page: 1 });
  const list = useFetched<ProjectList>(projectsPath(filter));
  const people = useFetched<StaffPerson[]>(keeper ? '/api/v1/activities/people' : null);
  const [editing, setEditing] = useState<Project | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ProjectBody>();
  const towns = useMemo(() => regions.filter((r) => r.level === 'town'), [regions]);
  const regionName = useMemo(() => new Map(regions.map((r) => [r.code, r.name])), [regions]);
  const leaders = (people.data ?? []).filter((p) => p.roles.includes('leader'));
  const staff = people.data ?? [];

  const open = (p: Project | null) => {
    form.setFieldsValue({
      name: p?.name ?? '',
      enterpriseId: p?.enterpriseId ?? null,
      regionCode: p?.regionCode ?? null,
      stage: p?.stage ?? 'signed',
      investmentWan: p?.investmentWan ?? null,
      key: p?.key ?? false,
      leaderUserId: p?.leaderUserId ?? null,
      responsibleUnitId: p?.responsibleUnitId ?? null,
      officerUserId: p?.officerUserId ?? null,
      statusNote: p?.statusNote ?? null,
    });
    setEditing(p);
  };
  const submit = async (values: ProjectBody) => {
    setSaving(true);
    try {
      await saveProject(editing?.id ?? null, { ...values, statusNote: values.statusNote || null });
      setEditing(undefined);
      list.reload();
    } catch (e) {
      const fields = ['name', 'enterpriseId', 'regionCode', 'stage', 'investmentWan', 'leaderUserId'];
      if (!showFieldError(form, e, [...fields, 'responsibleUnitId', 'officerUserId', 'statusNote'])) {
        void message.error(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  };
  const set = (next: Partial<typeof filter>) => setFilter((f) => ({ ...f, ...next, page: next.page ?? 1 }));
  const person = (p: StaffPerson) => ({ value: p.id, label: p.unitName ? `${p.name}（${p.unitName}）` : p.name });

  return (
    <>
      <Typography.Paragraph type="secondary">{t('ldgProjectIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Select
            style={{ width: 140 }}
            value={filter.key}
            aria-label={t('ldgKeyProject')}
            onChange={(v: string) => set({ key: v })}
            options={[
              { value: '', label: t('ldgAllProjects') },
              { value: 'true', label: t('ldgOnlyKey') },
              { value: 'false', label: t('ldgNotKey') },
            ]}
          />
          <Select
            style={{ width: 140 }}
            value={filter.stage}
            aria-label={t('ldgStage')}
            onChange={(v: string) => set({ stage: v })}
            options={[
              { value: '', label: t('ldgAllStages') },
              ...PROJECT_STAGES.map((s) => ({ value: s, label: t(`ldgStage_${s}`) })),
            ]}
          />
          <Select
            style={{ width: 160 }}
            value={filter.regionCode}
            aria-label={t('ldgTown')}
            onChange={(v: string) => set({ regionCode: v })}
            options={[{ value: '', label: t('ldgAllTowns') }, ...towns.map((r) => ({ value: r.code, label: r.name }))]}
          />
        </Space>
        {keeper && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open(null)}>
            {t('ldgProjectAdd')}
          </Button>
        )}
      </Space>
      <Table<Project>
        rowKey="id"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('admEmpty') }}
        scroll={{ x: 1000 }}
        pagination={{
          current: filter.page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('admTotal', { n }),
          onChange: (p) => set({ page: p }),
        }}
        expandable={{ expandedRowRender: (p) => <ProjectHistory id={p.id} /> }}
        columns={[
          {
            title: t('ldgProjectName'),
            render: (_, p) => (
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  <Typography.Text strong>{p.name}</Typography.Text>
                  {p.key && <Tag color="red">{t('ldgKey')}</Tag>}
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {[p.enterpriseName, p.regionCode ? (regionName.get(p.regionCode) ?? p.regionCode) : null]
                    .filter(Boolean)
                    .join(' · ') || '—'}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('ldgStage'),
            dataIndex: 'stage',
            width: 100,
            render: (s: ProjectStage) => <Tag color={STAGE_COLOR[s]}>{t(`ldgStage_${s}`)}</Tag>,
          },
          {
            title: t('ldgInvestment'),
            dataIndex: 'investmentWan',
            width: 130,
            align: 'right',
            render: (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN')),
          },
          {
            title: t('ldgTeam'),
            width: 330,
            render: (_, p) => (
              <Space orientation="vertical" size={0} data-testid="project-team">
                <span>
                  <Typography.Text type="secondary">{t('ldgLeader')}：</Typography.Text>
                  {p.leaderName ?? '—'}
                </span>
                <span>
                  <Typography.Text type="secondary">{t('ldgUnit')}：</Typography.Text>
                  {p.responsibleUnitName ?? '—'}
                </span>
                <span>
                  <Typography.Text type="secondary">{t('ldgOfficer')}：</Typography.Text>
                  {p.officerName ?? '—'}
                </span>
              </Space>
            ),
          },
          ...(keeper
            ? [
                {
                  title: t('admActions'),
                  width: 90,
                  render: (_: unknown, p: Project) => (
                    <Button type="link" onClick={() => open(p)} aria-label={`${t('ldgEdit')} ${p.name}`}>
                      {t('ldgEdit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t('ldgProjectEdit') : t('ldgProjectAdd')}
        onCancel={() => setEditing(undefined)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('ldgSave')}
        cancelText={t('ldgCancel')}
        width={640}
        destroyOnHidden
        forceRender
      >
        <Form<ProjectBody> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="name" label={t('ldgProjectName')} rules={[{ required: true, message: t('ldgRequired') }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="enterpriseId" label={t('ldgProjectEnterprise')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 280 }}
                options={enterprises.map((e) => ({ value: e.id, label: e.name }))}
              />
            </Form.Item>
            <Form.Item name="regionCode" label={t('ldgTown')}>
              <Select
                allowClear
                style={{ width: 180 }}
                options={towns.map((r) => ({ value: r.code, label: r.name }))}
              />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="stage" label={t('ldgStage')} rules={[{ required: true, message: t('ldgRequired') }]}>
              <Select
                style={{ width: 140 }}
                options={PROJECT_STAGES.map((s) => ({ value: s, label: t(`ldgStage_${s}`) }))}
              />
            </Form.Item>
            <Form.Item name="investmentWan" label={t('ldgInvestment')}>
              <InputNumber min={0} style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="key" label={t('ldgKeyProject')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
            {t('ldgTeam')}
          </Typography.Text>
          <Space wrap>
            <Form.Item name="leaderUserId" label={t('ldgLeader')}>
              <Select allowClear style={{ width: 180 }} options={leaders.map(person)} />
            </Form.Item>
            <Form.Item name="responsibleUnitId" label={t('ldgUnit')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 220 }}
                options={units.map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
            <Form.Item name="officerUserId" label={t('ldgOfficer')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 180 }}
                options={staff.map(person)}
              />
            </Form.Item>
          </Space>
          <Form.Item name="statusNote" label={t('ldgStatusNote')}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

/** A project's stage and progress as they were set, newest first (read when its row is opened). */
function ProjectHistory({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const detail = useFetched<ProjectDetail>(`/api/v1/projects/${id}`);
  if (!detail.data) return detail.error ? <Typography.Text type="danger">{detail.error}</Typography.Text> : <Spin />;
  return (
    <Timeline
      style={{ marginTop: 8 }}
      items={detail.data.history.map((h, i) => ({
        key: `${h.recordedAt}-${i}`,
        color: i === 0 ? 'blue' : 'gray',
        content: (
          <Space orientation="vertical" size={0}>
            <Space size={6}>
              <Tag color={STAGE_COLOR[h.stage]}>{t(`ldgStage_${h.stage}`)}</Tag>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{h.statusNote ?? '—'}</Typography.Text>
            </Space>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ldgRecordedBy', {
                name: h.recordedByName ?? '—',
                at: new Date(h.recordedAt).toLocaleDateString(lang, { timeZone: 'Asia/Shanghai' }),
              })}
            </Typography.Text>
          </Space>
        ),
      }))}
    />
  );
}
