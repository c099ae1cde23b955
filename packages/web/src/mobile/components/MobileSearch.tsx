import { Input } from 'antd';

/** The search box of a phone list, labelled by its placeholder; the words are trimmed before they are searched. */
export function MobileSearch(props: { placeholder: string; onSearch: (q: string) => void }) {
  return (
    <Input.Search
      size="large"
      allowClear
      placeholder={props.placeholder}
      aria-label={props.placeholder}
      onSearch={(v) => props.onSearch(v.trim())}
    />
  );
}
