import { CheckCircleFilled, CloseCircleFilled, LoadingOutlined, WarningFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n';
import type { UsccFeedback, UsccProblemCode } from '../../lib/uscc';

/** The form item status a feedback calls for. */
export function usccStatus(feedback: UsccFeedback): '' | 'validating' | 'success' | 'warning' | 'error' {
  switch (feedback.state) {
    case 'empty':
      return '';
    case 'checking':
      return 'validating';
    case 'invalid':
      return 'error';
    case 'valid':
      return feedback.existing || feedback.taken ? 'warning' : 'success';
    case 'failed':
      return 'warning';
  }
}

/** Why a code is invalid, in the user's language. */
export function useUsccReason(): (problem: UsccProblemCode, normalized: string) => string {
  const { t } = useI18n();
  return (problem, normalized) => {
    switch (problem) {
      case 'length':
        return t('admUsccLength', { n: normalized.length });
      case 'characters':
        return t('admUsccCharacters');
      case 'check':
        return t('admUsccCheck');
    }
  };
}

/**
 * The line under the USCC field while it is typed: checking, valid, invalid with the reason, or
 * already registered. Announced politely to screen readers.
 */
export function UsccFeedbackText({ feedback }: { feedback: UsccFeedback }) {
  const { t } = useI18n();
  const reason = useUsccReason();
  let content: ReactNode = null;
  switch (feedback.state) {
    case 'empty':
      break;
    case 'checking':
      content = (
        <Typography.Text type="secondary">
          <LoadingOutlined /> {t('admUsccChecking')}
        </Typography.Text>
      );
      break;
    case 'invalid':
      content = (
        <Typography.Text type="danger">
          <CloseCircleFilled /> {t('admUsccInvalid', { reason: reason(feedback.problem, feedback.normalized) })}
        </Typography.Text>
      );
      break;
    case 'valid':
      content = feedback.existing ? (
        <Typography.Text type="warning">
          <WarningFilled /> {t('admUsccExists', { name: feedback.existing.name })}
        </Typography.Text>
      ) : feedback.taken ? (
        <Typography.Text type="warning">
          <WarningFilled /> {t('admUsccTaken')}
        </Typography.Text>
      ) : (
        <Typography.Text type="success">
          <CheckCircleFilled /> {t('admUsccValid')}
        </Typography.Text>
      );
      break;
    case 'failed':
      content = (
        <Typography.Text type="warning">
          <WarningFilled /> {t('admUsccCheckFailed', { message: feedback.message })}
        </Typography.Text>
      );
      break;
  }
  return (
    <div role="status" aria-live="polite" data-testid="uscc-feedback" data-state={feedback.state}>
      {content}
    </div>
  );
}
