import { Alert, App, Button, Col, Input, Popconfirm, Row, Space, Tag, Typography } from 'antd';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { api, ApiError } from '../../api/client';
import type { ProfileDocument } from '../../api/models';
import { useI18n } from '../../i18n/i18n';
import type { PlacedProblem } from '../../lib/profile-yaml';
import { profileProblemText } from '../../lib/profile-problems';
import { lineSpan, NOT_MAPPING, parseProfileYaml, placeProblems } from '../../lib/profile-yaml';
import { useLeaveGuard } from './useLeaveGuard';

/** Every editor line has the same height, so the gutter and the caret can find a line by number. */
const LINE_HEIGHT = 20;
const ROWS = 28;
const mono = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

type Check =
  { state: 'unchecked' } | { state: 'valid' } | { state: 'invalid'; problems: { field: string; problem: string }[] };

interface Props {
  /** The active profile as YAML: what "unsaved" is measured against, and what "discard" goes back to. */
  baseline: string;
  /** The version the baseline is, shown to the admin. */
  basedOn: number;
  /** Text to load into the editor (e.g. an old version); loaded again whenever `token` changes. */
  draft?: { text: string; token: number } | undefined;
  onSaved: (profile: ProfileDocument) => void;
  /** Told whenever the text starts or stops differing from the baseline. */
  onDirtyChange?: ((dirty: boolean) => void) | undefined;
}

/** The problems a server error names: the profile's `fields`, else its one `field`, else none. */
function problemsOf(error: ApiError): { field: string; problem: string }[] {
  const fields = error.body['fields'];
  if (Array.isArray(fields)) {
    return fields
      .filter((f): f is { field: string; problem: string } => typeof (f as { field?: unknown }).field === 'string')
      .map((f) => ({ field: f.field.replace(/^profile\.?/, ''), problem: String(f.problem) }));
  }
  const field = error.body['field'];
  return typeof field === 'string' ? [{ field: field.replace(/^profile\.?/, ''), problem: error.message }] : [];
}

/**
 * The admin's editor of the profile as YAML in a plain monospace text area. "Validate" asks the
 * server without storing; "save" stores a new version. Syntax errors (checked as you type) and
 * the server's problems are listed beside the text with their line, marked in the line-number
 * gutter, and a click puts the caret on the line. Leaving with unsaved changes asks first.
 */
export function ProfileEditor({ baseline, basedOn, draft, onSaved, onDirtyChange }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState(baseline);
  const [note, setNote] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'unchecked' });
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const editorId = useId();
  const noteId = useId();

  useEffect(() => {
    setText(baseline);
    setCheck({ state: 'unchecked' });
    setNote('');
  }, [baseline]);
  useEffect(() => {
    if (!draft) return;
    setText(draft.text);
    setCheck({ state: 'unchecked' });
  }, [draft]);

  const dirty = text !== baseline;
  useLeaveGuard(dirty, t('cfgLeaveConfirm'));
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);

  const parsed = useMemo(() => parseProfileYaml(text), [text]);
  const syntax: PlacedProblem[] = parsed.ok
    ? []
    : parsed.errors.map((e) => ({
        line: e.line,
        field: t('cfgSyntaxError'),
        problem: e.message === NOT_MAPPING ? t('cfgNotMapping') : e.message,
      }));
  // Placed against the current text, so a problem follows its key while the admin edits.
  // The server names problems in English; the admin reads them in the console's language.
  const served = useMemo(
    () =>
      check.state === 'invalid'
        ? placeProblems(
            text,
            check.problems.map((p) => ({ ...p, problem: profileProblemText(p.problem, lang) })),
          )
        : [],
    [text, check, lang],
  );
  const problems = [...syntax, ...served];
  const errorLines = new Set(problems.map((p) => p.line));
  const lineCount = text.split('\n').length;

  const goToLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const { start, end } = lineSpan(text, line);
    el.focus();
    el.setSelectionRange(start, end);
    el.scrollTop = Math.max(0, (line - 1) * LINE_HEIGHT - el.clientHeight / 2);
    if (gutter.current) gutter.current.scrollTop = el.scrollTop;
  };

  const run = async (action: 'validate' | 'save') => {
    setFailure(null);
    if (!parsed.ok) {
      goToLine(parsed.errors[0]?.line ?? 1);
      return;
    }
    setBusy(action);
    try {
      if (action === 'validate') {
        const result = await api<{ valid: boolean; problems: { field: string; problem: string }[] }>(
          '/api/v1/profile/validate',
          // Saving numbers the version itself, so the check does too.
          { method: 'POST', body: { ...parsed.value, version: basedOn + 1 } },
        );
        setCheck(result.valid ? { state: 'valid' } : { state: 'invalid', problems: result.problems });
      } else {
        const trimmed = note.trim();
        const saved = await api<ProfileDocument>('/api/v1/profile', {
          method: 'PUT',
          body: { profile: parsed.value, ...(trimmed ? { note: trimmed } : {}) },
        });
        void message.success(t('cfgSaved', { n: saved.version }));
        onSaved(saved);
      }
    } catch (e) {
      const named = e instanceof ApiError && e.status === 400 ? problemsOf(e) : [];
      if (named.length > 0) setCheck({ state: 'invalid', problems: named });
      else setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={16}>
        <Space style={{ marginBottom: 8 }} wrap>
          <Typography.Text strong>
            <label htmlFor={editorId}>{t('cfgEditorLabel')}</label>
          </Typography.Text>
          <Tag>{t('cfgBasedOn', { n: basedOn })}</Tag>
          {dirty && <Tag color="orange">{t('cfgUnsaved')}</Tag>}
        </Space>
        <div
          style={{
            display: 'flex',
            border: '1px solid #d9d9d9',
            borderRadius: 6,
            overflow: 'hidden',
            fontFamily: mono,
            fontSize: 13,
            lineHeight: `${LINE_HEIGHT}px`,
          }}
        >
          <div
            ref={gutter}
            aria-hidden
            data-testid="profile-gutter"
            style={{
              height: ROWS * LINE_HEIGHT + 16,
              overflow: 'hidden',
              padding: '8px 0',
              background: '#fafafa',
              borderRight: '1px solid #f0f0f0',
              textAlign: 'right',
              userSelect: 'none',
              minWidth: 48,
            }}
          >
            {Array.from({ length: lineCount }, (_, i) => i + 1).map((n) => (
              <div
                key={n}
                data-line={n}
                data-error={errorLines.has(n) ? 'true' : undefined}
                style={{
                  height: LINE_HEIGHT,
                  padding: '0 8px',
                  color: errorLines.has(n) ? '#fff' : '#999',
                  background: errorLines.has(n) ? '#ff4d4f' : undefined,
                }}
              >
                {n}
              </div>
            ))}
          </div>
          <textarea
            id={editorId}
            ref={area}
            value={text}
            spellCheck={false}
            wrap="off"
            aria-invalid={problems.length > 0}
            onChange={(e) => setText(e.target.value)}
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            style={{
              flex: 1,
              height: ROWS * LINE_HEIGHT + 16,
              padding: '8px 12px',
              border: 'none',
              outline: 'none',
              resize: 'none',
              fontFamily: mono,
              fontSize: 13,
              lineHeight: `${LINE_HEIGHT}px`,
              whiteSpace: 'pre',
              overflow: 'auto',
            }}
          />
        </div>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {t('cfgEditorHelp')}
        </Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <label htmlFor={noteId}>{t('cfgChangeNoteLabel')}</label>
          <Input id={noteId} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          <Space wrap>
            <Button onClick={() => void run('validate')} loading={busy === 'validate'} disabled={busy !== null}>
              {t('cfgValidate')}
            </Button>
            <Button
              type="primary"
              onClick={() => void run('save')}
              loading={busy === 'save'}
              disabled={busy !== null || !dirty}
            >
              {t('cfgSave')}
            </Button>
            <Popconfirm title={t('cfgLeaveConfirm')} onConfirm={() => setText(baseline)} disabled={!dirty}>
              <Button disabled={!dirty || busy !== null}>{t('cfgDiscard')}</Button>
            </Popconfirm>
          </Space>
        </Space>
      </Col>
      <Col xs={24} lg={8}>
        <Typography.Title level={5} style={{ marginTop: 0 }} id={`${editorId}-problems`}>
          {t('cfgProblems')}
        </Typography.Title>
        {failure && (
          <Alert type="error" showIcon title={`${t('cfgRequestFailed')}: ${failure}`} style={{ marginBottom: 8 }} />
        )}
        {problems.length === 0 ? (
          check.state === 'valid' ? (
            <Alert type="success" showIcon title={t('cfgValid')} />
          ) : (
            <Typography.Text type="secondary">{t('cfgNotChecked')}</Typography.Text>
          )
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('cfgProblemsHint')}</Typography.Paragraph>
            <ul
              aria-labelledby={`${editorId}-problems`}
              data-testid="profile-problems"
              style={{ listStyle: 'none', padding: 0, margin: 0 }}
            >
              {problems.map((p, i) => (
                <li key={`${p.line}-${p.field}-${i}`} style={{ marginBottom: 4 }}>
                  <Button
                    type="text"
                    danger
                    block
                    onClick={() => goToLine(p.line)}
                    style={{ height: 'auto', whiteSpace: 'normal', textAlign: 'left', justifyContent: 'flex-start' }}
                  >
                    <span>
                      <Tag color="red">{t('cfgLine', { n: p.line })}</Tag>
                      <Typography.Text code>{p.field}</Typography.Text> {p.problem}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </>
        )}
      </Col>
    </Row>
  );
}
