import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, matchPath, Route, Routes, useLocation } from 'react-router-dom';
import { SessionProvider, useSession } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { isMobilePath } from '../mobile/lib/paths';
import { SCREENS } from './screens';

const LoginPage = lazy(() => import('../routes/LoginPage'));
const NotFoundPage = lazy(() => import('../routes/NotFoundPage'));
/** The printed work order: signed in, but drawn without the console's menu so that only the sheet prints. */
const CasePrintPage = lazy(() => import('../routes/CasePrintPage'));
/** The enterprise's phone pages under `/m`: their own frame and login, signed in or not. */
const MobileApp = lazy(() => import('../mobile/MobileApp'));
/** The public ranking (晾晒) of a jurisdiction that publishes one: anyone, signed in or not. */
const PublicRankingPage = lazy(() => import('../routes/public/PublicRankingPage'));

const loading = <Spin style={{ display: 'block', margin: '64px auto' }} />;

function Screens() {
  const { pathname } = useLocation();
  const { user, loading: restoring } = useSession();
  if (isMobilePath(pathname)) return <MobileApp />;
  if (matchPath('/p/:code', pathname)) {
    return (
      <Routes>
        <Route path="/p/:code" element={<PublicRankingPage />} />
      </Routes>
    );
  }
  if (restoring) return loading;
  if (!user) return <LoginPage />;
  if (matchPath('/cases/:id/print', pathname)) {
    return (
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/cases/:id/print" element={<CasePrintPage />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <AppLayout>
      <Suspense fallback={loading}>
        <Routes>
          {SCREENS.map(({ path, page: Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </AppLayout>
  );
}

function Localised() {
  const { lang } = useI18n();
  useEffect(() => {
    dayjs.locale(lang === 'en-US' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <ConfigProvider locale={lang === 'en-US' ? enUS : zhCN}>
      <AntApp>
        <BrowserRouter>
          <SessionProvider>
            <Suspense fallback={loading}>
              <Screens />
            </Suspense>
          </SessionProvider>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised />
    </I18nProvider>
  );
}
