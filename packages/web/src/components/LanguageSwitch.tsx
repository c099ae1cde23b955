import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

/** Switches between zh-CN and en-US; the choice is remembered and sent to the API. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="link"
      size="small"
      onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
      data-testid="language-switch"
    >
      {t('language')}
    </Button>
  );
}
