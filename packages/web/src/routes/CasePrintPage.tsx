import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';
import type { CaseEvent, CaseView, PublicJurisdiction } from '../api/models';
import { codeText, useI18n } from '../i18n/i18n';
import { lastDispatch } from '../lib/case-timeline';
import { workOrderClocks } from '../lib/work-order';
import { shanghaiTime } from '../lib/clock';
import './CasePrintPage.css';

interface Loaded {
  view: CaseView;
  events: CaseEvent[];
  place: PublicJurisdiction | null;
}

/**
 * `/cases/:id/print`: the case as a work order (交办单) to print on A4 and sign — number,
 * enterprise and USCC, contact (as masked as the API answers it), title and content, category,
 * lead and co-units, the current round's time limits, the dispatch note, and lines for the
 * handler, the unit's head and the date. Drawn without the console's frame; the print
 * stylesheet leaves out the buttons, so only the sheet reaches the paper.
 */
export default function CasePrintPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    Promise.all([api<CaseView>(`/api/v1/cases/${id}`), api<CaseEvent[]>(`/api/v1/cases/${id}/events`)])
      .then(async ([view, events]) => {
        const place = await api<PublicJurisdiction>(
          `/api/v1/public/jurisdictions/${encodeURIComponent(view.jurisdiction)}`,
        ).catch(() => null);
        setData({ view, events, place });
      })
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [id]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!data) return;
    const before = document.title;
    document.title = `${t('cpPrint')} ${data.view.number}`;
    return () => {
      document.title = before;
    };
  }, [data, t]);

  const tools = (
    <div className="qisu-print-tools">
      <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(`/cases/${id}`)}>
        {t('cpPrintBack')}
      </Button>
      <Button type="primary" icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()}>
        {t('cpPrintNow')}
      </Button>
      <Typography.Text type="secondary">{t('cpPrintHint')}</Typography.Text>
    </div>
  );

  if (error) {
    return (
      <div className="qisu-print-page">
        {tools}
        <div className="qisu-print-tools">
          <Alert
            type="error"
            showIcon
            style={{ width: '100%' }}
            title={`${t('loadFailed')}: ${error}`}
            action={<Button onClick={load}>{t('retry')}</Button>}
          />
        </div>
      </div>
    );
  }
  if (!data) {
    return (
      <div className="qisu-print-page">
        {tools}
        <div className="qisu-print-sheet">
          <Skeleton active paragraph={{ rows: 12 }} />
        </div>
      </div>
    );
  }

  const { view, events, place } = data;
  const dispatch = lastDispatch(events);
  const note = typeof dispatch?.payload['note'] === 'string' ? dispatch.payload['note'] : '';
  const clocks = workOrderClocks(view);
  const unitName = new Map([...view.assignments.map((a) => [a.unit.id, a.unit.name] as const)]);
  const sep = t('listSep');

  return (
    <div className="qisu-print-page">
      {tools}
      <article className="qisu-print-sheet" data-testid="work-order">
        <h1>{place ? t('cpPrintTitle', { name: place.name }) : t('cpPrintTitleFallback')}</h1>
        {place?.brand && <div className="qisu-print-brand">“{place.brand}”</div>}
        <div className="qisu-print-meta">
          <span>
            {t('cpPrintNumber')}
            {t('colon')}
            <strong>{view.number}</strong>
          </span>
          <span>
            {t('cpPrintDispatchedAt')}
            {t('colon')}
            {dispatch ? shanghaiTime(dispatch.at) : '—'}
          </span>
        </div>
        <table>
          <tbody>
            <tr>
              <th>{t('cpPrintEnterprise')}</th>
              <td colSpan={3}>{view.enterprise?.name ?? '—'}</td>
            </tr>
            <tr>
              <th>{t('cpPrintUscc')}</th>
              <td colSpan={3}>{view.enterprise?.uscc ?? '—'}</td>
            </tr>
            <tr>
              <th>{t('cpPrintContact')}</th>
              <td>{view.contactName ?? '—'}</td>
              <th>{t('cpPrintMobile')}</th>
              <td>{view.contactMobile ?? '—'}</td>
            </tr>
            <tr>
              <th>{t('cpPrintCategory')}</th>
              <td>{view.category?.name ?? '—'}</td>
              <th>{t('cpPrintKind')}</th>
              <td>{codeText(t, 'caseKind', view.kind)}</td>
            </tr>
            <tr>
              <th>{t('cpPrintTitleField')}</th>
              <td colSpan={3}>{view.title}</td>
            </tr>
            <tr>
              <th>{t('cpPrintContent')}</th>
              <td colSpan={3}>
                <div className="qisu-print-text">{view.content}</div>
              </td>
            </tr>
            <tr>
              <th>{t('cpPrintLead')}</th>
              <td>{view.leadUnit?.name ?? '—'}</td>
              <th>{t('cpPrintComplexity')}</th>
              <td>
                {view.complexity ? codeText(t, 'complexity', view.complexity) : '—'}
                {view.round > 1 ? `${sep}${t('cpRound', { n: view.round })}` : ''}
              </td>
            </tr>
            <tr>
              <th>{t('cpPrintCo')}</th>
              <td colSpan={3}>{view.coUnits.map((u) => u.name).join('、') || '—'}</td>
            </tr>
            <tr>
              <th>{t('cpPrintLimits')}</th>
              <td colSpan={3} data-testid="work-order-limits">
                {clocks.length === 0 ? (
                  t('cpPrintNoLimits')
                ) : (
                  <ul>
                    {clocks.map((c) => (
                      <li key={c.id}>
                        {codeText(t, 'milestone', c.milestone)}
                        {c.title ? `（${c.title}）` : ''}
                        {c.unitId && unitName.get(c.unitId) ? ` · ${unitName.get(c.unitId)}` : ''}
                        {t('colon')}
                        {shanghaiTime(c.dueAt)}
                        {t('cpPrintBefore')}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
            <tr>
              <th>{t('cpPrintNote')}</th>
              <td colSpan={3}>
                <div className="qisu-print-note" data-testid="work-order-note">
                  {note || '—'}
                </div>
              </td>
            </tr>
          </tbody>
        </table>
        <div className="qisu-print-signatures">
          <div>
            {t('cpPrintHandler')}
            {t('colon')}
            <span className="qisu-print-line" />
          </div>
          <div>
            {t('cpPrintUnitHead')}
            {t('colon')}
            <span className="qisu-print-line" />
          </div>
          <div>
            {t('cpPrintDate')}
            {t('colon')}
            {t('cpPrintDateBlank')}
          </div>
        </div>
        <div className="qisu-print-foot">{t('cpPrintedAt', { time: shanghaiTime(new Date().toISOString()) })}</div>
      </article>
    </div>
  );
}
