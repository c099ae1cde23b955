import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** The texts of a problem list, by key, so that each screen keeps its own wording. */
export interface ProblemListTexts {
  /** The card's title, given `{n}`. */
  problemN: MessageKey;
  remove: MessageKey;
  title: MessageKey;
  content: MessageKey;
  contentPlaceholder?: MessageKey;
  add: MessageKey;
  hint: MessageKey;
}

/**
 * The form's `problems` list: a card for each problem raised (its title and content, required,
 * and a button to remove it), a button to add one and a hint below. Each field's aria label
 * carries the problem's number. `after` adds fields to a card below the content.
 */
export function ProblemList(props: {
  texts: ProblemListTexts;
  size?: 'large' | 'middle';
  after?: (name: number, i: number) => ReactNode;
}) {
  const { t } = useI18n();
  const { texts, size } = props;
  const required = [{ required: true, whitespace: true, message: t('required') }];
  return (
    <Form.List name="problems">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, i) => (
            <Card
              key={field.key}
              size="small"
              style={{ marginBottom: 12 }}
              title={t(texts.problemN, { n: i + 1 })}
              extra={
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t(texts.remove)}
                  onClick={() => remove(field.name)}
                />
              }
            >
              <Form.Item name={[field.name, 'title']} label={t(texts.title)} rules={required}>
                <Input maxLength={200} size={size} aria-label={`${t(texts.title)} ${i + 1}`} />
              </Form.Item>
              <Form.Item
                name={[field.name, 'content']}
                label={t(texts.content)}
                rules={required}
                style={props.after ? undefined : { marginBottom: 0 }}
              >
                <Input.TextArea
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  maxLength={20_000}
                  placeholder={texts.contentPlaceholder && t(texts.contentPlaceholder)}
                  aria-label={`${t(texts.content)} ${i + 1}`}
                />
              </Form.Item>
              {props.after?.(field.name, i)}
            </Card>
          ))}
          <Button block size={size} icon={<PlusOutlined />} onClick={() => add({ title: '', content: '' })}>
            {t(texts.add)}
          </Button>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t(texts.hint)}
          </Typography.Paragraph>
        </>
      )}
    </Form.List>
  );
}
