import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { MobileShell } from './components/MobileShell';
import { loginPath } from './lib/paths';

const EntryPage = lazy(() => import('./EntryPage'));
const MobileLoginPage = lazy(() => import('./MobileLoginPage'));
const MyDemandsPage = lazy(() => import('./MyDemandsPage'));
const SubmitPage = lazy(() => import('./SubmitPage'));
const ProgressPage = lazy(() => import('./ProgressPage'));
const PoliciesPage = lazy(() => import('./PoliciesPage'));
const PolicyDetailPage = lazy(() => import('./PolicyDetailPage'));
const MyApplicationsPage = lazy(() => import('./MyApplicationsPage'));
const SolicitPage = lazy(() => import('./SolicitPage'));
const QuestionnairePage = lazy(() => import('./QuestionnairePage'));
const ServicesPage = lazy(() => import('./ServicesPage'));
const ServiceDetailPage = lazy(() => import('./ServiceDetailPage'));

const spinning = <Spin size="large" style={{ display: 'block', margin: '64px auto' }} />;

/** Pages that need a signed-in user send everyone else to the mobile login, and back afterwards. */
function SignedIn({ children }: { children: ReactNode }) {
  const { user, loading } = useSession();
  const location = useLocation();
  if (loading) return spinning;
  if (!user) return <Navigate to={loginPath(location.pathname + location.search)} replace />;
  return children;
}

function MobileNotFound() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('mobNotFound')}
      extra={
        <Button type="primary" size="large" onClick={() => void navigate('/m')}>
          {t('mobBackHome')}
        </Button>
      }
    />
  );
}

/**
 * The enterprise's phone pages under `/m`: the QR entry page of a jurisdiction (public), the
 * login, "my demands", filing a demand and following one. Rendered without the staff console's
 * frame, whether or not someone is signed in.
 */
export default function MobileApp() {
  return (
    <MobileShell>
      <Suspense fallback={spinning}>
        <Routes>
          <Route path="/m/j/:code" element={<EntryPage />} />
          <Route path="/m/login" element={<MobileLoginPage />} />
          <Route
            path="/m"
            element={
              <SignedIn>
                <MyDemandsPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/questionnaires/:id"
            element={
              <SignedIn>
                <QuestionnairePage />
              </SignedIn>
            }
          />
          <Route
            path="/m/solicit"
            element={
              <SignedIn>
                <SolicitPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/new"
            element={
              <SignedIn>
                <SubmitPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/cases/:id"
            element={
              <SignedIn>
                <ProgressPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/policies"
            element={
              <SignedIn>
                <PoliciesPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/policies/:id"
            element={
              <SignedIn>
                <PolicyDetailPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/applications"
            element={
              <SignedIn>
                <MyApplicationsPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/services"
            element={
              <SignedIn>
                <ServicesPage />
              </SignedIn>
            }
          />
          <Route
            path="/m/services/items/:id"
            element={
              <SignedIn>
                <ServiceDetailPage kind="items" />
              </SignedIn>
            }
          />
          <Route
            path="/m/services/bundles/:id"
            element={
              <SignedIn>
                <ServiceDetailPage kind="bundles" />
              </SignedIn>
            }
          />
          <Route path="*" element={<MobileNotFound />} />
        </Routes>
      </Suspense>
    </MobileShell>
  );
}
