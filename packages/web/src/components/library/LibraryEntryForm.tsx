import { Form, Input, Select, Switch } from 'antd';
import type { FormInstance } from 'antd';
import { useI18n } from '../../i18n/i18n';

/** The fields of a library entry as the hub writes them. */
export interface LibraryEntryValues {
  problem: string;
  resolution: string;
  policyBasis?: string;
  tags?: string[];
  typical?: boolean;
}

/**
 * The fields of a library entry — problem, resolution, policy basis, tags and, when editing, the
 * typical mark — shared by "纳入经验库" on a case and the edit on the library screen.
 */
export function LibraryEntryForm(props: {
  form: FormInstance<LibraryEntryValues>;
  initial: LibraryEntryValues;
  withTypical?: boolean;
}) {
  const { t } = useI18n();
  const required = [{ required: true, whitespace: true, message: t('libRequired') }];
  return (
    <Form form={props.form} layout="vertical" initialValues={props.initial} data-testid="library-entry-form">
      <Form.Item name="problem" label={t('libProblem')} rules={required}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="resolution" label={t('libResolution')} rules={required}>
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} />
      </Form.Item>
      <Form.Item name="policyBasis" label={t('libPolicyBasis')}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
      </Form.Item>
      <Form.Item name="tags" label={t('libTags')} extra={t('libTagsHint')}>
        <Select mode="tags" open={false} suffixIcon={null} aria-label={t('libTags')} />
      </Form.Item>
      {props.withTypical && (
        <Form.Item name="typical" label={t('libTypical')} valuePropName="checked">
          <Switch />
        </Form.Item>
      )}
    </Form>
  );
}

/** The body of POST or PUT from the form's values: an empty policy basis is no policy basis. */
export function entryBody(values: LibraryEntryValues) {
  const policyBasis = values.policyBasis?.trim();
  return {
    problem: values.problem.trim(),
    resolution: values.resolution.trim(),
    tags: values.tags ?? [],
    ...(policyBasis ? { policyBasis } : {}),
  };
}
