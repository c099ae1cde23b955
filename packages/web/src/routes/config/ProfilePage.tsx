import { ADMIN_ROLES, mayAct, PROFILE_READER_ROLES } from '@qisu/core';
import { Alert, Button, Card, Spin, Tabs } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { ProfileDocument } from '../../api/models';
import { useSession } from '../../auth/session';
import { ProfileEditor } from '../../components/config/ProfileEditor';
import { ProfileVersions } from '../../components/config/ProfileVersions';
import { ProfileView } from '../../components/config/ProfileView';
import { useI18n } from '../../i18n/i18n';
import { profileToYaml } from '../../lib/profile-yaml';

/** Roles the server lets read the version history (`GET /api/v1/profile/versions`). */

/**
 * `/admin/profile`: the jurisdiction's active profile as people read it; its version history
 * for admins, the hub and leaders; and, for admins, the YAML editor that stores new versions.
 * The server checks every call again; the tabs only hide what a role cannot use.
 */
export default function ProfilePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const roles = user?.roles ?? [];
  const isAdmin = mayAct(roles, ADMIN_ROLES);
  const seesHistory = mayAct(roles, PROFILE_READER_ROLES);
  const [profile, setProfile] = useState<ProfileDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tab, setTab] = useState('rules');
  const [saves, setSaves] = useState(0);
  const [draft, setDraft] = useState<{ text: string; token: number } | undefined>(undefined);
  const [editing, setEditing] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    api<ProfileDocument>('/api/v1/profile')
      .then(setProfile, (e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load]);

  const baseline = useMemo(() => (profile ? profileToYaml(profile) : ''), [profile]);

  const title = profile ? `${t('cfgProfileTitle')} · ${profile.name}` : t('cfgProfileTitle');
  if (loading && !profile) {
    return (
      <Card title={title}>
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      </Card>
    );
  }
  if (!profile) {
    return (
      <Card title={title}>
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error ?? ''}`}
          action={<Button onClick={load}>{t('retry')}</Button>}
        />
      </Card>
    );
  }

  const items = [
    { key: 'rules', label: t('cfgTabRules'), children: <ProfileView profile={profile} /> },
    ...(seesHistory
      ? [
          {
            key: 'versions',
            label: t('cfgTabVersions'),
            children: (
              <ProfileVersions
                active={profile.version}
                refresh={saves}
                onEdit={
                  isAdmin
                    ? (old: ProfileDocument) => {
                        if (editing && !window.confirm(t('cfgReplaceConfirm'))) return;
                        setDraft({ text: profileToYaml(old), token: Date.now() });
                        setTab('editor');
                      }
                    : undefined
                }
              />
            ),
          },
        ]
      : []),
    ...(isAdmin
      ? [
          {
            key: 'editor',
            label: t('cfgTabEditor'),
            // Kept mounted, so switching tabs does not lose the text.
            forceRender: true,
            children: (
              <ProfileEditor
                baseline={baseline}
                basedOn={profile.version}
                draft={draft}
                onDirtyChange={setEditing}
                onSaved={(saved) => {
                  setProfile(saved);
                  setSaves((n) => n + 1);
                }}
              />
            ),
          },
        ]
      : []),
  ];

  return (
    <Card title={title}>
      {error && (
        <Alert
          type="error"
          showIcon
          title={`${t('loadFailed')}: ${error}`}
          action={<Button onClick={load}>{t('retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Tabs activeKey={tab} onChange={setTab} items={items} />
    </Card>
  );
}
