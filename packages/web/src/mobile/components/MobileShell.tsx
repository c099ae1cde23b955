import { LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useI18n } from '../../i18n/i18n';

/** Page width on a phone; on a desk the pages stay a phone's width, centred. */
export const MOBILE_MAX_WIDTH = 560;

/**
 * Styles the mobile pages share: large touch targets, long words that wrap instead of widening
 * the page, and a print view that keeps only the poster.
 */
const SHARED_CSS = `
body { margin: 0; }
.mob-page { box-sizing: border-box; width: 100%; max-width: ${MOBILE_MAX_WIDTH}px; margin: 0 auto; padding: 12px; overflow-wrap: anywhere; }
.mob-page .ant-btn-lg { min-height: 48px; }
.mob-page .ant-card { margin-bottom: 12px; }
@media print {
  .mob-noprint, .ant-layout-header { display: none !important; }
  body, .mob-shell { background: #fff !important; }
  .mob-page { max-width: none; }
  .mob-poster { border: none !important; box-shadow: none !important; }
}
`;

/**
 * The mobile area's own frame, instead of the staff console's: a slim header with the service's
 * name, the language switch and, when signed in, logout. A staff account that lands here — other
 * than a liaison's, which works here on visits — is told so and offered the console.
 */
export function MobileShell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  // A liaison works here on its visits (filing demands, the week's solicitation); other staff are offered the console.
  const staff = user !== null && !user.roles.includes('enterprise') && !user.roles.includes('liaison');
  return (
    <div className="mob-shell" style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <style>{SHARED_CSS}</style>
      <header
        className="mob-noprint"
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 10,
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          height: 48,
          padding: '0 12px',
          background: '#fff',
          borderBottom: '1px solid #e5e7eb',
        }}
      >
        <Link
          to={user ? '/m' : '/m/login'}
          style={{
            color: '#1f3b73',
            fontWeight: 600,
            fontSize: 16,
            flex: 1,
            minWidth: 0,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {t('appName')} · {t('mobTitle')}
        </Link>
        <LanguageSwitch />
        {user && (
          <Button size="small" icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/m/login'))}>
            {t('mobLogout')}
          </Button>
        )}
      </header>
      {staff && (
        <div className="mob-page mob-noprint" style={{ paddingBottom: 0 }}>
          <Alert
            type="info"
            showIcon
            title={
              <span>
                {t('mobStaffNotice')} <Link to="/">{t('mobOpenConsole')}</Link>
              </span>
            }
          />
        </div>
      )}
      <main className="mob-page">{children}</main>
      <Typography.Text
        className="mob-noprint"
        type="secondary"
        style={{ display: 'block', textAlign: 'center', padding: 16 }}
      >
        {t('appSubtitle')}
      </Typography.Text>
    </div>
  );
}
