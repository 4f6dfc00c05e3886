import { useT } from '../../lib/i18n';
import classes from './SkipLink.module.css';

/** First stop of the Tab key: jumps over the header and menu straight to the page. */
export function SkipLink() {
  const t = useT();
  return (
    <a className={classes.skip} href="#main">
      {t('app.skipToContent')}
    </a>
  );
}
