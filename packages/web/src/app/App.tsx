import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider, useSession } from '../auth/session';
import { AppLayout } from '../components/AppLayout';
import { I18nProvider, useI18n } from '../i18n/i18n';

const LoginPage = lazy(() => import('../routes/LoginPage'));
const HomePage = lazy(() => import('../routes/HomePage'));
const CasesPage = lazy(() => import('../routes/CasesPage'));
const CaseDetailPage = lazy(() => import('../routes/CaseDetailPage'));
const NewCasePage = lazy(() => import('../routes/NewCasePage'));
const NotFoundPage = lazy(() => import('../routes/NotFoundPage'));

const loading = <Spin style={{ display: 'block', margin: '64px auto' }} />;

function Screens() {
  const { user, loading: restoring } = useSession();
  if (restoring) return loading;
  if (!user) return <LoginPage />;
  return (
    <AppLayout>
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/" element={<HomePage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/new" element={<NewCasePage />} />
          <Route path="/cases/:id" element={<CaseDetailPage />} />
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
